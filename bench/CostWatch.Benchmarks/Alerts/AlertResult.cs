namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// One alerts run against one store: what was seeded, the first round, and the latencies of the measured rounds and of
/// the two ceilings (the rules' reads alone, and bare scans of the same rows).
/// </summary>
internal sealed record AlertResult(
    string Store,
    string Seeded,
    IReadOnlyList<(string Table, long Rows)> SampleRows,
    TimeSpan GenerateTime,
    TimeSpan WriteTime,
    double FirstRoundMs,
    IReadOnlyList<double> EvaluationMs,
    IReadOnlyList<double> ReadsMs,
    IReadOnlyList<double> BareScanMs,
    IReadOnlyList<(string Rule, double P50Ms)> ReadsByRule,
    string Check)
{
    public long TotalSampleRows => SampleRows.Sum(t => t.Rows);
}

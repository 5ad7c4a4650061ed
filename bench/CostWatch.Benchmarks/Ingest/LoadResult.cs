namespace CostWatch.Benchmarks.Ingest;

/// <summary>The load generator's figures for one run.</summary>
internal sealed record LoadResult(
    int Clients,
    TimeSpan Measured,
    long MeasuredSpans,
    long WarmupSpans,
    int MeasuredExports,
    IReadOnlyList<double> LatenciesMs,
    long AcknowledgedSpans,
    long RejectedSpans,
    IReadOnlyDictionary<string, int> Errors,
    long CallsWhoseRunWasNeverSent)
{
    public double SpansPerSecond => MeasuredSpans / Measured.TotalSeconds;

    public int ErrorCount => Errors.Values.Sum();
}

namespace CostWatch.Benchmarks.Report;

/// <summary>The targets on the 2-core reference machine.</summary>
internal static class Targets
{
    public const double PostgresSpansPerSecond = 50_000;
    public const double PostgresCeilingRatio = 0.5;
    public const double SqliteSpansPerSecond = 30_000;
    public const double PeakRssMb = 300;
    public const double CostsApiP95Ms = 100;
    public const double AlertEvaluationMs = 2_000;
    public const double NotifyP99Ms = 2000;
}

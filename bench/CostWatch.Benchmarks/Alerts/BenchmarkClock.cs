namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// The time the evaluator sees, set by the benchmark: every measured round judges the same seeded minutes. Timestamps
/// (what the evaluator times its rules with) stay the system's.
/// </summary>
internal sealed class BenchmarkClock(DateTime now) : TimeProvider
{
    public DateTime Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
}

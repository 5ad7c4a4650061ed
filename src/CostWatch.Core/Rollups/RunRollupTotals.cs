namespace CostWatch.Core.Rollups;

/// <summary>What one agent-run rollup row adds up.</summary>
public sealed class RunRollupTotals : IRollupTotals<RunRollupTotals>
{
    public long Runs { get; set; }

    public long FailedRuns { get; set; }

    public long Iterations { get; set; }

    public long DurationMicroseconds { get; set; }

    public long FirstSeen { get; set; } = long.MaxValue;

    public long LastSeen { get; set; } = long.MinValue;

    public void Add(RunRollupTotals other)
    {
        Runs += other.Runs;
        FailedRuns += other.FailedRuns;
        Iterations += other.Iterations;
        DurationMicroseconds += other.DurationMicroseconds;
        FirstSeen = Math.Min(FirstSeen, other.FirstSeen);
        LastSeen = Math.Max(LastSeen, other.LastSeen);
    }
}

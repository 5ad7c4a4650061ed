namespace CostWatch.Core.Rollups;

/// <summary>What one tool-call rollup row adds up.</summary>
public sealed class ToolRollupTotals : IRollupTotals<ToolRollupTotals>
{
    public long Calls { get; set; }

    public long FailedCalls { get; set; }

    public long DurationMicroseconds { get; set; }

    public void Add(ToolRollupTotals other)
    {
        Calls += other.Calls;
        FailedCalls += other.FailedCalls;
        DurationMicroseconds += other.DurationMicroseconds;
    }
}

namespace CostWatch.Core.Rollups;

/// <summary>What one tool-call rollup row adds up.</summary>
public sealed class ToolRollupTotals
{
    public long Calls { get; set; }

    public long FailedCalls { get; set; }

    public long DurationMicroseconds { get; set; }

    /// <summary>Adds another row's totals into this one (hour and day rows are the sum of their minutes).</summary>
    public void Add(ToolRollupTotals other)
    {
        Calls += other.Calls;
        FailedCalls += other.FailedCalls;
        DurationMicroseconds += other.DurationMicroseconds;
    }
}

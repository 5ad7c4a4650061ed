namespace CostWatch.Core.Rollups;

/// <summary>What one tool-call rollup row adds up.</summary>
public sealed class ToolRollupTotals
{
    public long Calls { get; set; }

    public long FailedCalls { get; set; }

    public long DurationMicroseconds { get; set; }
}

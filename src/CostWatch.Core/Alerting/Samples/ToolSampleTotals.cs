namespace CostWatch.Core.Alerting.Samples;

public sealed class ToolSampleTotals
{
    public long Calls { get; set; }

    public long FailedCalls { get; set; }
}

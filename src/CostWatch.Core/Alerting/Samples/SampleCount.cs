namespace CostWatch.Core.Alerting.Samples;

/// <summary>A count that sample rows add up.</summary>
public sealed class SampleCount
{
    public long Value { get; set; }
}

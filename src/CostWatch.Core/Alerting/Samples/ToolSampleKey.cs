namespace CostWatch.Core.Alerting.Samples;

/// <summary>Calls of one tool by one agent, received in one minute.</summary>
public sealed record ToolSampleKey(long BucketStart, string Agent, string Tool);

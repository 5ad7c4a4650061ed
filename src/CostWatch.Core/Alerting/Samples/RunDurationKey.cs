namespace CostWatch.Core.Alerting.Samples;

/// <summary>Runs of one agent, received in one minute, whose duration falls in one <see cref="DurationBuckets"/> bucket.</summary>
public sealed record RunDurationKey(long BucketStart, string Agent, int DurationBucket);

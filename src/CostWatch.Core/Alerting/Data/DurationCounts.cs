namespace CostWatch.Core.Alerting.Data;

/// <summary>An agent's runs in a rule's window whose duration falls in one <see cref="Samples.DurationBuckets"/> bucket.</summary>
public sealed record DurationCounts(string Agent, int Bucket, long Runs);

namespace CostWatch.Core.Alerting.Samples;

/// <summary>Runs of one agent, received in one minute, that took exactly <see cref="Iterations"/> iterations.</summary>
public sealed record RunIterationsKey(long BucketStart, string Agent, int Iterations);

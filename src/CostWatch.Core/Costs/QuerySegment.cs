namespace CostWatch.Core.Costs;

/// <summary>Buckets of one resolution whose start lies in [<see cref="From"/>, <see cref="To"/>) (Unix seconds).</summary>
public readonly record struct QuerySegment(RollupResolution Resolution, long From, long To);

namespace CostWatch.Core.Costs;

/// <summary>
/// Buckets of one resolution whose start lies in [<see cref="From"/>, <see cref="To"/>) (Unix seconds), added to
/// the answer, or taken from it when <see cref="Subtracted"/> (<see cref="DayComplement"/>).
/// </summary>
public readonly record struct QuerySegment(RollupResolution Resolution, long From, long To, bool Subtracted = false);

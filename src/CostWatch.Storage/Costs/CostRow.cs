using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>
/// One group of a cost query: the values of its dimensions in the query's order ('' for none), the start of its
/// step bucket (Unix seconds; null without a step) and its sums.
/// </summary>
public sealed record CostRow(IReadOnlyList<string> Keys, long? BucketStart, CostFigures Figures);

using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>Keeps rows whose <see cref="Dimension"/> is one of <see cref="Values"/>; '' stands for "none".</summary>
public sealed record CostFilter(QueryDimension Dimension, IReadOnlyList<string> Values);

namespace CostWatch.Core.Costs;

/// <summary>
/// Where a cost query reads: disjoint segments that together cover exactly [<see cref="From"/>,
/// <see cref="To"/>), the range actually answered (the requested one, rounded and perhaps widened).
/// </summary>
public sealed record QueryPlan(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<QuerySegment> Segments);

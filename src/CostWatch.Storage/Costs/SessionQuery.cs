using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>The top sessions of the plan's segments; with <see cref="Agent"/>, only that agent's calls count.</summary>
public sealed record SessionQuery(IReadOnlyList<QuerySegment> Segments, string? Agent, SessionSort Sort, int Limit);

using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>
/// Costs over the plan's segments, grouped by <see cref="GroupBy"/> and, with a <see cref="Step"/>, by
/// UTC-aligned buckets of that width; only rows matching every filter. At most <see cref="RowLimit"/> rows.
/// </summary>
public sealed record CostQuery(
    IReadOnlyList<QuerySegment> Segments,
    IReadOnlyList<QueryDimension> GroupBy,
    RollupResolution? Step,
    IReadOnlyList<CostFilter> Filters,
    int RowLimit);

using CostWatch.Core.Costs;
using CostWatch.Storage.Costs;

namespace CostWatch.Worker.Costs;

/// <summary>A checked and planned cost query: what to read, how to group it, and how many rows may come back.</summary>
internal sealed record CostReportSpec(
    QueryPlan Plan,
    IReadOnlyList<QueryDimension> GroupBy,
    RollupResolution? Step,
    IReadOnlyList<CostFilter> Filters,
    int MaxRows)
{
    /// <summary>Asks for one row more than allowed, to tell "exactly the limit" from "over it".</summary>
    public CostQuery ToQuery() => new(Plan.Segments, GroupBy, Step, Filters, MaxRows + 1);
}

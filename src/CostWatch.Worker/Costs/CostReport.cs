using CostWatch.Core.Costs;
using CostWatch.Storage.Costs;

namespace CostWatch.Worker.Costs;

/// <summary>The answer to a cost query: its rows in a stable order and their total, the exact sum of the rows.</summary>
internal sealed record CostReport(CostReportSpec Spec, IReadOnlyList<CostRow> Rows, CostFigures Total);

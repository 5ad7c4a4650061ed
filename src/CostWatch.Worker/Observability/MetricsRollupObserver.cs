using CostWatch.Core.Rollups;

namespace CostWatch.Worker.Observability;

/// <summary>
/// Feeds the record-derived metrics from the rollup job, the one place that sees each stored record exactly once
/// and only after it is attributed (so its agent label is final).
/// </summary>
internal sealed class MetricsRollupObserver(RecordMetrics metrics) : IRollupObserver
{
    public IRollupWindow BeginWindow() => new MetricsRollupWindow(metrics);
}

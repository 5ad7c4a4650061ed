namespace CostWatch.Worker.Observability;

/// <summary><c>CostWatch:Metrics</c>: the bounds that keep the Prometheus series of <c>GET /metrics</c> few.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "CostWatch:Metrics";

    /// <summary>
    /// Distinct values one label (agent, model, tool, ...) may take across all series; later values are exported
    /// as <see cref="LabelValueLimiter.Other"/>.
    /// </summary>
    public int MaxLabelValues { get; set; } = 200;

    /// <summary>
    /// Label combinations one metric may hold. The per-label cap alone does not bound their product (agents x
    /// models x token types); beyond it the OpenTelemetry SDK adds to one <c>otel_metric_overflow="true"</c>
    /// series. Each metric reserves memory for this many series up front (about 0.1 MB per 1,000).
    /// </summary>
    public int MaxSeriesPerMetric { get; set; } = 2000;
}

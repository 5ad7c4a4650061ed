using CostWatch.Core.Rollups;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace CostWatch.Worker.Observability;

internal static class MetricsSetup
{
    /// <summary>The name under which OpenTelemetry registers its <see cref="IMetricsListener"/>.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>
    /// The Prometheus metrics: CostWatch's meter exported by OpenTelemetry's Prometheus exporter (docs/metrics.md
    /// says why this exporter and not prometheus-net), and the record-derived metrics fed by the rollup job.
    /// </summary>
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<LabelValueLimiter>();
        services.AddSingleton<RecordMetrics>();
        services.AddSingleton<IRollupObserver, MetricsRollupObserver>();

        // Only the meter this host created (MeterScope.Local), not every meter named CostWatch in the process:
        // hosts sharing a process (tests, benchmarks) must not export each other's measurements.
        builder.Metrics.EnableMetrics(CostWatchMetrics.MeterName, instrumentName: null, OpenTelemetryListener,
            MeterScope.Local);
        services.ConfigureOpenTelemetryMeterProvider((provider, meters) =>
        {
            var maxSeries = provider.GetRequiredService<IOptions<MetricsOptions>>().Value.MaxSeriesPerMetric;
            meters.AddView(_ => new MetricStreamConfiguration { CardinalityLimit = maxSeries });
        });
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddPrometheusExporter(prometheus =>
            {
                // The series are exactly those of docs/metrics.md: no otel_scope_* labels, no target_info.
                prometheus.ScopeInfoEnabled = false;
                prometheus.TargetInfoEnabled = false;
                // Scrapes are seconds apart; a cached answer would only hide what the last rollup pass added.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        services.AddHostedService<MetricSeriesInitializer>();
        return builder;
    }

    /// <summary><c>GET /metrics</c>: Prometheus text format, or OpenMetrics when the scraper asks for it.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}

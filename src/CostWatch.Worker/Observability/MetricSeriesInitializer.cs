namespace CostWatch.Worker.Observability;

/// <summary>
/// Starts the outcome and error counters at 0 (<see cref="CostWatchMetrics.StartAtZero"/>). A hosted service
/// registered after OpenTelemetry's, so the exporter already listens when it runs.
/// </summary>
internal sealed class MetricSeriesInitializer(CostWatchMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.StartAtZero();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

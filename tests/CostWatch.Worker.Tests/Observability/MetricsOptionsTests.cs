using CostWatch.Worker.Hosting;

namespace CostWatch.Worker.Tests.Observability;

public sealed class MetricsOptionsTests
{
    [Fact]
    public void InvalidMetricsOptions_StopTheStart_NamingEachKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
            ["--CostWatch:Metrics:MaxLabelValues=0", "--CostWatch:Metrics:MaxSeriesPerMetric=2000000"]));

        Assert.Equal(
        [
            "CostWatch:Metrics:MaxLabelValues must be at least 1, was 0.",
            "CostWatch:Metrics:MaxSeriesPerMetric must be between 1 and 1000000, was 2000000.",
        ], error.Failures);
    }
}

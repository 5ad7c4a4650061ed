using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Observability;

/// <summary>Checks <c>CostWatch:Metrics</c> at start-up; every failure names its key.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    /// <summary>Above it a single metric would reserve hundreds of megabytes before recording anything.</summary>
    public const int SeriesCeiling = 1_000_000;

    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var failures = new List<string>();
        const string s = MetricsOptions.Section;
        if (options.MaxLabelValues < 1)
        {
            failures.Add($"{s}:MaxLabelValues must be at least 1, was {options.MaxLabelValues}.");
        }

        if (options.MaxSeriesPerMetric is < 1 or > SeriesCeiling)
        {
            failures.Add($"{s}:MaxSeriesPerMetric must be between 1 and {SeriesCeiling}, was {options.MaxSeriesPerMetric}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

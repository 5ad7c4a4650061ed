using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Rollups;

/// <summary>Checks <c>CostWatch:Rollups</c>; every failure names its key.</summary>
internal sealed class RollupOptionsValidator : IValidateOptions<RollupOptions>
{
    public ValidateOptionsResult Validate(string? name, RollupOptions options)
    {
        const string s = RollupOptions.Section;
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:Interval must be between 00:00:01 and 01:00:00, was {options.Interval}.");
        }

        if (options.MaxRecordsPerPass < 1)
        {
            failures.Add($"{s}:MaxRecordsPerPass must be at least 1, was {options.MaxRecordsPerPass}.");
        }

        // Each resolution is compacted from the finer one's period, so a coarser one must be kept at least as long.
        if (options.MinuteRetention < TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:MinuteRetention must be at least 01:00:00, was {options.MinuteRetention}.");
        }

        if (options.HourRetention < options.MinuteRetention)
        {
            failures.Add($"{s}:HourRetention must be at least {s}:MinuteRetention ({options.MinuteRetention}), was {options.HourRetention}.");
        }

        if (options.DayRetention < options.HourRetention)
        {
            failures.Add($"{s}:DayRetention must be at least {s}:HourRetention ({options.HourRetention}), was {options.DayRetention}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

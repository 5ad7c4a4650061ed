using CostWatch.Storage;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Storage;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Hosting;

/// <summary>
/// Checks every option at start-up and reports all failures at once, each naming its configuration key,
/// so a misconfigured deployment fails before it accepts a single span.
/// </summary>
internal sealed class OptionsValidator : IValidateOptions<IngestOptions>, IValidateOptions<StorageOptions>,
    IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        const string s = IngestOptions.Section;
        Positive(failures, $"{s}:MaxBodyBytes", options.MaxBodyBytes);
        Positive(failures, $"{s}:MaxQueuedSpans", options.MaxQueuedSpans);
        Positive(failures, $"{s}:MaxGroupSpans", options.MaxGroupSpans);
        if (options.CommitDelay < TimeSpan.Zero || options.CommitDelay > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{s}:CommitDelay must be between 00:00:00 and 00:00:01, was {options.CommitDelay}.");
        }

        if (options.Writers is { } writers && writers is < 1 or > 16)
        {
            failures.Add($"{s}:Writers must be between 1 and 16, was {writers}.");
        }

        Positive(failures, $"{s}:RetryAfter", options.RetryAfter);
        Positive(failures, $"{s}:SettlePeriod", options.SettlePeriod);
        Positive(failures, $"{s}:SettleInterval", options.SettleInterval);
        if (options.LinkRetention < options.SettlePeriod)
        {
            failures.Add($"{s}:LinkRetention must be at least {s}:SettlePeriod ({options.SettlePeriod}), was {options.LinkRetention}.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.TryParse<StorageProvider>(options.Provider, ignoreCase: true, out _)
            || int.TryParse(options.Provider, out _))
        {
            failures.Add($"{StorageOptions.Section}:Provider must be Sqlite or Postgres, was '{options.Provider}'.");
        }

        Positive(failures, $"{StorageOptions.Section}:RawRetention", options.RawRetention);
        Positive(failures, $"{StorageOptions.Section}:PruneInterval", options.PruneInterval);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        NoEmptyTokens(failures, $"{AuthOptions.Section}:IngestTokens", options.IngestTokens);
        NoEmptyTokens(failures, $"{AuthOptions.Section}:ApiTokens", options.ApiTokens);
        return Result(failures);
    }

    private static void NoEmptyTokens(List<string> failures, string key, List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tokens[i]))
            {
                // The value is a secret: say where it is, never what it is.
                failures.Add($"{key}:{i} is empty.");
            }
        }
    }

    private static void Positive(List<string> failures, string key, long value)
    {
        if (value <= 0)
        {
            failures.Add($"{key} must be greater than 0, was {value}.");
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive duration (for example 00:00:30), was {value}.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}

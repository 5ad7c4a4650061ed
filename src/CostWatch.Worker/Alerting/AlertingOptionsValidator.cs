using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Alerting;

/// <summary>Checks <see cref="AlertingOptions"/>, every failure naming its key. Whether the file exists and parses is checked by <see cref="AlertRulesFileSource"/>.</summary>
internal sealed class AlertingOptionsValidator : IValidateOptions<AlertingOptions>
{
    private static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        const string s = AlertingOptions.Section;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RulesFile))
        {
            failures.Add($"{s}:RulesFile is empty; it names the alert rules file (a file with 'rules: []' has no rules).");
        }
        else if (Path.GetExtension(options.RulesFile).ToLowerInvariant() is not (".yaml" or ".yml"))
        {
            failures.Add($"{s}:RulesFile must be a YAML file ending in .yaml or .yml, was '{options.RulesFile}'.");
        }

        // Each check reads the file; more often than once a second would only burn the disk cache.
        if (options.RulesReloadInterval < MinReloadInterval)
        {
            failures.Add($"{s}:RulesReloadInterval must be at least 00:00:01, was {options.RulesReloadInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

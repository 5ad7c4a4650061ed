using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Alerting;

/// <summary>Checks the engine's keys of <c>CostWatch:Alerting</c>; every failure names its key.</summary>
internal sealed class AlertEngineOptionsValidator : IValidateOptions<AlertEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertEngineOptions options)
    {
        const string s = AlertEngineOptions.Section;
        var failures = new List<string>();
        for (var i = 0; i < options.ExpectedAgents.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(options.ExpectedAgents[i]))
            {
                failures.Add($"{s}:ExpectedAgents:{i} is empty.");
            }
        }

        if (options.ResolvedRetention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{s}:ResolvedRetention must be at least 00:01:00, was {options.ResolvedRetention}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

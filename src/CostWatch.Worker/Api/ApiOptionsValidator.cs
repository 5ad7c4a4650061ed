using System.Text.RegularExpressions;
using CostWatch.Core.Costs;
using CostWatch.Worker.Costs;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Api;

/// <summary>
/// Checks <c>CostWatch:Api</c>, and the custom dimension names of <c>CostWatch:Costs:Dimensions</c> as the API
/// uses them: as query parameters, JSON properties and CSV columns, next to the built-in ones.
/// </summary>
internal sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>, IValidateOptions<CostsOptions>
{
    /// <summary>Query parameters and response fields a dimension name would collide with.</summary>
    private static readonly string[] ReservedNames =
    [
        "from", "to", "groupBy", "step", "sort", "limit", "currency", "rows", "total", "bucketStart", "calls",
        "inputTokens", "cacheReadTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "costUsd",
        "unpricedCalls",
    ];

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        const string s = ApiOptions.Section;
        if (options.MaxRange <= TimeSpan.Zero)
        {
            failures.Add($"{s}:MaxRange must be a positive duration (for example 366.00:00:00), was {options.MaxRange}.");
        }

        Positive(failures, $"{s}:MaxRows", options.MaxRows);
        Positive(failures, $"{s}:MaxBuckets", options.MaxBuckets);
        Positive(failures, $"{s}:MaxSessions", options.MaxSessions);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, CostsOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (dimension, attribute) in options.Dimensions)
        {
            var key = $"{CostsOptions.Section}:Dimensions:{dimension}";
            if (!DimensionName().IsMatch(dimension))
            {
                failures.Add($"{key}: a dimension name must start with a letter and hold only letters, digits, '_' and '-', was '{dimension}'.");
            }
            else if (CostDimension.BuiltIn.Any(b => b.Name.Equals(dimension, StringComparison.OrdinalIgnoreCase))
                     || ReservedNames.Contains(dimension, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{key}: '{dimension}' is a built-in dimension or an API parameter; choose another name.");
            }
            else if (!seen.Add(dimension))
            {
                failures.Add($"{key}: another dimension differs from '{dimension}' only in case; query parameters are case-insensitive.");
            }

            if (string.IsNullOrWhiteSpace(attribute))
            {
                failures.Add($"{key} must name a span or resource attribute, was empty.");
            }
        }

        return Result(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex DimensionName();

    private static void Positive(List<string> failures, string key, int value)
    {
        if (value <= 0)
        {
            failures.Add($"{key} must be greater than 0, was {value}.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}

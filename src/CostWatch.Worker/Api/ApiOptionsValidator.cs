using CostWatch.Worker.Costs;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Api;

/// <summary>
/// Checks <c>CostWatch:Api</c>, and that no custom dimension of <c>CostWatch:Costs:Dimensions</c> takes a name
/// the API uses itself.
/// </summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>, IValidateOptions<CostsOptions>
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

    /// <summary>
    /// The API's own constraint on dimension names (the rest is <see cref="CostsOptionsValidator"/>'s): a name
    /// is also a query parameter, a JSON property and a CSV column beside the API's own.
    /// </summary>
    public ValidateOptionsResult Validate(string? name, CostsOptions options)
    {
        var failures = options.Dimensions.Keys
            .Where(dimension => ReservedNames.Contains(dimension, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(dimension => $"{CostsOptions.Section}:Dimensions:{dimension}: '{dimension}' is a parameter or field of the cost API; choose another name.")
            .ToList();
        return Result(failures);
    }

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

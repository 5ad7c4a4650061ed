using System.Text.RegularExpressions;
using CostWatch.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Costs;

/// <summary>Checks <see cref="CostsOptions"/>, every failure naming its key.</summary>
internal sealed partial class CostsOptionsValidator : IValidateOptions<CostsOptions>
{
    // A name is a JSON key, an API parameter and a groupBy value: keep it plain.
    private const int MaxNameLength = 64;

    public ValidateOptionsResult Validate(string? name, CostsOptions options)
    {
        const string s = CostsOptions.Section + ":Dimensions";
        var failures = new List<string>();
        if (options.Dimensions.Count > CostDimensions.MaxCount)
        {
            failures.Add($"{s} has {options.Dimensions.Count} dimensions; at most {CostDimensions.MaxCount} are allowed.");
        }

        foreach (var (dimension, attribute) in options.Dimensions.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!DimensionName().IsMatch(dimension) || dimension.Length > MaxNameLength)
            {
                failures.Add($"{s}:{dimension}: the name must be lower-case letters, digits and '_', start with a letter and be at most {MaxNameLength} characters.");
            }
            else if (CostDimensions.BuiltInNames.Contains(dimension))
            {
                failures.Add($"{s}:{dimension}: '{dimension}' is a built-in dimension ({string.Join(", ", CostDimensions.BuiltInNames)}); choose another name.");
            }

            if (string.IsNullOrWhiteSpace(attribute))
            {
                failures.Add($"{s}:{dimension} must name a span or resource attribute (for example team.name), was empty.");
            }
            else if (attribute != attribute.Trim())
            {
                failures.Add($"{s}:{dimension} has spaces around the attribute name '{attribute}'.");
            }
            else if (ContentAttributeNames.IsContent(attribute))
            {
                failures.Add($"{s}:{dimension}: {attribute} carries prompt or completion content, which CostWatch never reads.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex DimensionName();
}

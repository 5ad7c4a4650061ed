using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Pricing;

/// <summary>Checks <see cref="PricingOptions"/>, every failure naming its key. Whether the files exist and parse is checked by <see cref="PriceFileCatalogSource"/>.</summary>
internal sealed class PricingOptionsValidator : IValidateOptions<PricingOptions>
{
    private static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, PricingOptions options)
    {
        const string s = PricingOptions.Section;
        var failures = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Files.Count; i++)
        {
            var path = options.Files[i];
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{s}:Files:{i} is empty.");
            }
            else if (!UserPriceFile.HasKnownExtension(path))
            {
                failures.Add($"{s}:Files:{i} must end in .json, .yaml or .yml (which says how to read it), was '{path}'.");
            }
            else if (seen.TryGetValue(Path.GetFullPath(path), out var first))
            {
                failures.Add($"{s}:Files:{i} names the same file as {s}:Files:{first}: '{path}'.");
            }
            else
            {
                seen[Path.GetFullPath(path)] = i;
            }
        }

        // Each check reads every file; more often than once a second would only burn the disk cache.
        if (options.ReloadInterval < MinReloadInterval)
        {
            failures.Add($"{s}:ReloadInterval must be at least 00:00:01, was {options.ReloadInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

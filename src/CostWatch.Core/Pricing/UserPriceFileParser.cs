using System.Text.Json;

namespace CostWatch.Core.Pricing;

/// <summary>
/// Reads a user's price file. CostWatch's own format quotes prices per million tokens, the way providers
/// publish them:
/// <code>
/// { "models": [ { "id": "my-model", "provider": "openai", "inputPerMillion": 2.5, "outputPerMillion": 10,
///                 "effectiveFrom": "2026-01-01" },
///               { "pattern": "^ft:gpt-4o.*$", "inputPerMillion": 3.75, "outputPerMillion": 15 } ] }
/// </code>
/// A file in LiteLLM's format (model ids as top-level keys) is accepted as it is. File reading and reloading
/// belong to the host; this is the pure translation of a file's text into entries.
/// </summary>
public static class UserPriceFileParser
{
    private const string ModelsProperty = "models";

    /// <param name="fileName">Recorded as every entry's <see cref="PriceEntry.Source"/> and named in errors.</param>
    /// <param name="json">The file's text.</param>
    /// <exception cref="PriceFileException">Every problem in the file, each naming the entry and the field.</exception>
    public static IReadOnlyList<PriceEntry> ParseJson(string fileName, string json)
    {
        using var document = PriceFileErrors.ParseDocument(fileName, json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty(ModelsProperty, out _))
        {
            return LiteLlmPriceParser.Parse(fileName, root, fileName, assumeChatWhenModeMissing: true);
        }

        var errors = new PriceFileErrors(fileName);
        if (root.ValueKind != JsonValueKind.Object
            || root.GetProperty(ModelsProperty).ValueKind != JsonValueKind.Array)
        {
            errors.AddForFile(
                "expected { \"models\": [ ... ] } or LiteLLM's format (an object keyed by model id)");
            errors.ThrowIfAny();
        }

        foreach (var property in root.EnumerateObject())
        {
            // "$schema" lets editors validate the file; anything else is probably a misplaced model.
            if (property.Name is not ModelsProperty and not "$schema")
            {
                errors.AddForFile($"unknown top-level field '{property.Name}'");
            }
        }

        var entries = new List<PriceEntry>();
        var seen = new Dictionary<(string Key, string? Provider, DateTime? EffectiveFrom), int>();
        var index = 0;
        foreach (var item in root.GetProperty(ModelsProperty).EnumerateArray())
        {
            if (UserPriceEntryReader.Read(item, index, fileName, errors) is { } entry)
            {
                var identity = (entry.Id?.ToLowerInvariant() ?? "pattern:" + entry.Pattern,
                    entry.Provider?.ToLowerInvariant(), entry.EffectiveFrom);
                if (seen.TryGetValue(identity, out var first))
                {
                    errors.Add(UserPriceEntryReader.Label(index, entry.Key),
                        $"same id or pattern, provider and effectiveFrom as models[{first}]");
                }
                else
                {
                    seen[identity] = index;
                    entries.Add(entry);
                }
            }

            index++;
        }

        errors.ThrowIfAny();
        return entries;
    }
}

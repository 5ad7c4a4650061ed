using System.Globalization;
using System.Text.Json;

namespace CostWatch.Core.Pricing;

/// <summary>Reads the JSON <see cref="PriceCatalogWriter"/> writes.</summary>
internal static class PriceCatalogReader
{
    /// <exception cref="PriceFileException">The text is not a catalog in CostWatch's format.</exception>
    public static PriceCatalogDocument Read(string fileName, string json, string source)
    {
        using var document = PriceFileErrors.ParseDocument(fileName, json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("entries", out var entriesJson) || entriesJson.ValueKind != JsonValueKind.Array)
        {
            throw new PriceFileException(fileName, [$"{fileName}: not a CostWatch price catalog: no \"entries\" array"]);
        }

        var errors = new PriceFileErrors(fileName);

        var entries = new List<PriceEntry>(entriesJson.GetArrayLength());
        var index = 0;
        foreach (var item in entriesJson.EnumerateArray())
        {
            var label = $"entries[{index++}]";
            var entry = new PriceEntry
            {
                Id = Text(item, "id"),
                Pattern = Text(item, "pattern"),
                Provider = Text(item, "provider"),
                Mode = Text(item, "mode"),
                ContextWindow = Count(item, "contextWindow", label, errors),
                MaxOutputTokens = Count(item, "maxOutputTokens", label, errors),
                InputPerToken = Rate(item, "input", label, errors),
                OutputPerToken = Rate(item, "output", label, errors),
                CacheReadPerToken = Rate(item, "cacheRead", label, errors),
                CacheWritePerToken = Rate(item, "cacheWrite", label, errors),
                ReasoningPerToken = Rate(item, "reasoning", label, errors),
                Tiers = Tiers(item, label, errors),
                EffectiveFrom = Text(item, "effectiveFrom") is { } date
                    ? DateTime.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)
                    : null,
                Source = source,
            };
            if ((entry.Id is null) == (entry.Pattern is null))
            {
                errors.Add(label, "needs exactly one of id and pattern");
            }

            entries.Add(entry);
        }

        errors.ThrowIfAny();
        return new PriceCatalogDocument
        {
            Source = Text(root, "source") ?? string.Empty,
            SourceCommit = Text(root, "sourceCommit") ?? string.Empty,
            SourceSha256 = Text(root, "sourceSha256") ?? string.Empty,
            Snapshot = Text(root, "snapshot") ?? string.Empty,
            License = Text(root, "license") ?? string.Empty,
            Entries = entries,
        };
    }

    private static List<PriceTier> Tiers(JsonElement item, string label, PriceFileErrors errors)
    {
        if (!item.TryGetProperty("tiers", out var tiers))
        {
            return [];
        }

        return
        [
            .. tiers.EnumerateArray().Select(tier => new PriceTier
            {
                AboveInputTokens = Count(tier, "above", label, errors) ?? 0,
                InputPerToken = Rate(tier, "input", label, errors),
                OutputPerToken = Rate(tier, "output", label, errors),
                CacheReadPerToken = Rate(tier, "cacheRead", label, errors),
                CacheWritePerToken = Rate(tier, "cacheWrite", label, errors),
                ReasoningPerToken = Rate(tier, "reasoning", label, errors),
            }),
        ];
    }

    private static string? Text(JsonElement item, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Rate(JsonElement item, string field, string label, PriceFileErrors errors)
    {
        if (!item.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (JsonDecimal.TryRead(value, out var rate) && rate >= 0)
        {
            return rate;
        }

        errors.Add(label, $"{field} is not a non-negative number: {JsonDecimal.Describe(value)}");
        return null;
    }

    private static long? Count(JsonElement item, string field, string label, PriceFileErrors errors)
    {
        if (!item.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (JsonDecimal.TryReadCount(value, out var count))
        {
            return count;
        }

        errors.Add(label, $"{field} is not a whole non-negative number: {JsonDecimal.Describe(value)}");
        return null;
    }
}

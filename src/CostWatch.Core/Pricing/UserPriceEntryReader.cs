using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CostWatch.Core.Pricing;

/// <summary>Reads and validates one entry of CostWatch's own user price format, recording every problem found.</summary>
internal static class UserPriceEntryReader
{
    private const decimal TokensPerMillion = 1_000_000m;

    private static readonly HashSet<string> KnownFields = new(
    [
        "id", "pattern", "provider", "mode", "inputPerMillion", "outputPerMillion", "cacheReadPerMillion",
        "cacheWritePerMillion", "reasoningPerMillion", "contextWindow", "maxOutputTokens", "effectiveFrom", "tiers",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> KnownTierFields = new(
    [
        "aboveInputTokens", "inputPerMillion", "outputPerMillion", "cacheReadPerMillion", "cacheWritePerMillion",
        "reasoningPerMillion",
    ], StringComparer.Ordinal);

    public static string Label(int index, string? key) =>
        string.IsNullOrEmpty(key) ? $"models[{index}]" : $"models[{index}] '{key}'";

    public static PriceEntry? Read(JsonElement item, int index, string fileName, PriceFileErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Label(index, null), "must be an object");
            return null;
        }

        var errorsBefore = errors.Count;
        var id = Text(item, "id");
        var pattern = Text(item, "pattern");
        var label = Label(index, id ?? pattern);
        foreach (var property in item.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(label, $"unknown field '{property.Name}'");
            }
        }

        CheckIdentity(item, id, pattern, label, errors);
        var mode = Text(item, "mode");
        if (mode is not null && !PriceModes.IsPriced(mode))
        {
            errors.Add(label, $"mode must be chat, completion, responses or embedding, was '{mode}'");
        }

        var input = PerToken(item, "inputPerMillion", label, errors);
        var output = PerToken(item, "outputPerMillion", label, errors);
        if (!item.TryGetProperty("inputPerMillion", out _) && !item.TryGetProperty("outputPerMillion", out _))
        {
            errors.Add(label, "needs inputPerMillion or outputPerMillion");
        }

        var entry = new PriceEntry
        {
            Id = id,
            Pattern = pattern,
            Provider = Text(item, "provider"),
            Mode = mode,
            ContextWindow = Count(item, "contextWindow", label, errors),
            MaxOutputTokens = Count(item, "maxOutputTokens", label, errors),
            InputPerToken = input,
            OutputPerToken = output,
            CacheReadPerToken = PerToken(item, "cacheReadPerMillion", label, errors),
            CacheWritePerToken = PerToken(item, "cacheWritePerMillion", label, errors),
            ReasoningPerToken = PerToken(item, "reasoningPerMillion", label, errors),
            Tiers = Tiers(item, label, errors),
            EffectiveFrom = EffectiveFrom(item, label, errors),
            Source = fileName,
        };
        return errors.Count > errorsBefore ? null : entry;
    }

    private static void CheckIdentity(JsonElement item, string? id, string? pattern, string label, PriceFileErrors errors)
    {
        foreach (var field in new[] { "id", "pattern", "provider", "mode" })
        {
            if (item.TryGetProperty(field, out var value) && (value.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(value.GetString())))
            {
                errors.Add(label, $"{field} must be a non-empty string, was {JsonDecimal.Describe(value)}");
            }
        }

        if (id is not null && pattern is not null)
        {
            errors.Add(label, "has both id and pattern; give one");
        }
        else if (id is null && pattern is null && !item.TryGetProperty("id", out _) && !item.TryGetProperty("pattern", out _))
        {
            errors.Add(label, "needs an id or a pattern");
        }
        else if (pattern is not null)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                errors.Add(label, $"pattern is not a valid regular expression: {e.Message}");
            }
        }
    }

    private static List<PriceTier> Tiers(JsonElement item, string label, PriceFileErrors errors)
    {
        if (!item.TryGetProperty("tiers", out var tiers))
        {
            return [];
        }

        if (tiers.ValueKind != JsonValueKind.Array)
        {
            errors.Add(label, "tiers must be an array");
            return [];
        }

        var result = new List<PriceTier>();
        var index = 0;
        foreach (var tier in tiers.EnumerateArray())
        {
            var path = $"tiers[{index++}]";
            if (tier.ValueKind != JsonValueKind.Object)
            {
                errors.Add(label, $"{path} must be an object");
                continue;
            }

            foreach (var property in tier.EnumerateObject().Where(p => !KnownTierFields.Contains(p.Name)))
            {
                errors.Add(label, $"{path} has an unknown field '{property.Name}'");
            }

            if (!tier.TryGetProperty("aboveInputTokens", out _))
            {
                errors.Add(label, $"{path}.aboveInputTokens is missing");
                continue;
            }

            if (Count(tier, "aboveInputTokens", label, errors, path + ".") is not { } above)
            {
                continue;
            }

            if (above == 0)
            {
                errors.Add(label, $"{path}.aboveInputTokens must be above 0: the base prices cover the first tokens");
                continue;
            }

            result.Add(new PriceTier
            {
                AboveInputTokens = above,
                InputPerToken = PerToken(tier, "inputPerMillion", label, errors, path + "."),
                OutputPerToken = PerToken(tier, "outputPerMillion", label, errors, path + "."),
                CacheReadPerToken = PerToken(tier, "cacheReadPerMillion", label, errors, path + "."),
                CacheWritePerToken = PerToken(tier, "cacheWritePerMillion", label, errors, path + "."),
                ReasoningPerToken = PerToken(tier, "reasoningPerMillion", label, errors, path + "."),
            });
        }

        return result;
    }

    private static DateTime? EffectiveFrom(JsonElement item, string label, PriceFileErrors errors)
    {
        if (!item.TryGetProperty("effectiveFrom", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // A date means its start in UTC; a time without an offset is taken as UTC too.
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, Utc, out var date)
            || DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, Utc, out date)
            || DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, Utc, out date))
        {
            return date;
        }

        errors.Add(label, $"effectiveFrom is not a date (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ): {JsonDecimal.Describe(value)}");
        return null;
    }

    private static string? Text(JsonElement item, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static decimal? PerToken(
        JsonElement item, string field, string label, PriceFileErrors errors, string path = "")
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!JsonDecimal.TryRead(value, out var perMillion))
        {
            errors.Add(label, $"{path}{field} is not a number: {JsonDecimal.Describe(value)}");
            return null;
        }

        if (perMillion < 0)
        {
            errors.Add(label, $"{path}{field} is negative: {JsonDecimal.Describe(value)}");
            return null;
        }

        return perMillion / TokensPerMillion;
    }

    private static long? Count(JsonElement item, string field, string label, PriceFileErrors errors, string path = "")
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!JsonDecimal.TryReadCount(value, out var count))
        {
            errors.Add(label, $"{path}{field} is not a whole non-negative number: {JsonDecimal.Describe(value)}");
            return null;
        }

        return count;
    }
}

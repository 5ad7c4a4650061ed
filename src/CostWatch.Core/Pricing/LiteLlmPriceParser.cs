using System.Text.Json;

namespace CostWatch.Core.Pricing;

/// <summary>
/// Reads price files in LiteLLM's <c>model_prices_and_context_window.json</c> format: an object keyed by model
/// id whose values give USD prices per token. Only entries of a priced mode (<see cref="PriceModes"/>) with a
/// per-token price are kept; prices for service tiers (<c>_priority</c>, <c>_flex</c>, <c>_batches</c>), audio,
/// images and one-hour cache writes are not read, since no call records which of those it used.
/// </summary>
public static class LiteLlmPriceParser
{
    // Keys of the file that describe it rather than a model.
    private static readonly HashSet<string> NotModels =
        new(["sample_spec", "last_updated", "fallback_generalizations"], StringComparer.Ordinal);

    /// <param name="fileName">Named in every error message.</param>
    /// <param name="json">The file's text.</param>
    /// <param name="source">Recorded on every entry: <see cref="PriceEntry.BuiltInSource"/> or the user's file name.</param>
    /// <param name="assumeChatWhenModeMissing">
    /// User files often leave out <c>mode</c>; LiteLLM's own file uses entries without one for provider
    /// pricing classes (<c>fireworks-ai-default</c>) that are not models.
    /// </param>
    /// <exception cref="PriceFileException">The JSON is malformed or an entry has an invalid value.</exception>
    public static IReadOnlyList<PriceEntry> Parse(
        string fileName, string json, string source, bool assumeChatWhenModeMissing = false)
    {
        using var document = PriceFileErrors.ParseDocument(fileName, json);
        return Parse(fileName, document.RootElement, source, assumeChatWhenModeMissing);
    }

    internal static IReadOnlyList<PriceEntry> Parse(
        string fileName, JsonElement root, string source, bool assumeChatWhenModeMissing)
    {
        var errors = new PriceFileErrors(fileName);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.AddForFile("the top level must be an object keyed by model id");
            errors.ThrowIfAny();
        }

        var entries = new List<PriceEntry>();
        foreach (var property in root.EnumerateObject())
        {
            if (!NotModels.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Object
                && ReadEntry(property.Name, property.Value, source, assumeChatWhenModeMissing, errors) is { } entry)
            {
                entries.Add(entry);
            }
        }

        errors.ThrowIfAny();
        return entries;
    }

    private static PriceEntry? ReadEntry(
        string id, JsonElement model, string source, bool assumeChatWhenModeMissing, PriceFileErrors errors)
    {
        var label = $"entry '{id}'";
        var mode = model.TryGetProperty("mode", out var modeValue)
            ? modeValue.ValueKind == JsonValueKind.String ? modeValue.GetString() : null
            : assumeChatWhenModeMissing ? PriceModes.Chat : null;
        if (!PriceModes.IsPriced(mode))
        {
            return null;
        }

        var errorsBefore = errors.Count;
        var input = ReadRate(model, "input_cost_per_token", label, errors);
        var output = ReadRate(model, "output_cost_per_token", label, errors);
        // DeepSeek-style entries give the cache-hit price under its own name.
        var cacheRead = ReadRate(model, "cache_read_input_token_cost", label, errors)
            ?? ReadRate(model, "input_cost_per_token_cache_hit", label, errors);
        var cacheWrite = ReadRate(model, "cache_creation_input_token_cost", label, errors);
        var reasoning = ReadRate(model, "output_cost_per_reasoning_token", label, errors);
        var contextWindow = ReadCount(model, "max_input_tokens", label, errors);
        var maxOutput = ReadCount(model, "max_output_tokens", label, errors);
        var tiers = LiteLlmTierReader.Read(model, label, errors, out var tieredBase);
        if (errors.Count > errorsBefore)
        {
            return null;
        }

        // Entries priced only through tiered_pricing take their base rates from the range starting at 0.
        if (input is null && output is null && tieredBase is not null)
        {
            input = tieredBase.InputPerToken;
            output = tieredBase.OutputPerToken;
            cacheRead ??= tieredBase.CacheReadPerToken;
            cacheWrite ??= tieredBase.CacheWritePerToken;
            reasoning ??= tieredBase.ReasoningPerToken;
        }

        if (input is null && output is null)
        {
            return null;
        }

        return new PriceEntry
        {
            Id = id,
            Provider = model.TryGetProperty("litellm_provider", out var provider)
                && provider.ValueKind == JsonValueKind.String ? provider.GetString() : null,
            Mode = mode,
            ContextWindow = contextWindow,
            MaxOutputTokens = maxOutput,
            InputPerToken = input,
            OutputPerToken = output,
            CacheReadPerToken = cacheRead,
            CacheWritePerToken = cacheWrite,
            ReasoningPerToken = reasoning,
            Tiers = tiers,
            Source = source,
        };
    }

    /// <summary>A non-negative USD-per-token price, or null when absent; a bad value is recorded as an error.</summary>
    internal static decimal? ReadRate(
        JsonElement model, string field, string label, PriceFileErrors errors, string fieldPath = "")
    {
        if (!model.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!JsonDecimal.TryRead(value, out var rate))
        {
            errors.Add(label, $"{fieldPath}{field} is not a number: {JsonDecimal.Describe(value)}");
            return null;
        }

        if (rate < 0)
        {
            errors.Add(label, $"{fieldPath}{field} is negative: {JsonDecimal.Describe(value)}");
            return null;
        }

        return rate;
    }

    private static long? ReadCount(JsonElement model, string field, string label, PriceFileErrors errors)
    {
        if (!model.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!JsonDecimal.TryReadCount(value, out var count))
        {
            errors.Add(label, $"{field} is not a whole non-negative number: {JsonDecimal.Describe(value)}");
            return null;
        }

        return count;
    }
}

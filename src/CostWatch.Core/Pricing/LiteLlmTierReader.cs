using System.Text.Json;
using System.Text.RegularExpressions;

namespace CostWatch.Core.Pricing;

/// <summary>
/// Reads LiteLLM's two spellings of long-context prices: flat keys such as
/// <c>input_cost_per_token_above_200k_tokens</c>, and <c>tiered_pricing</c> arrays of
/// <c>{ range: [from, to], input_cost_per_token, ... }</c>. Either way the whole call is billed at the tier's
/// rates once its input exceeds the tier's lower bound.
/// </summary>
internal static partial class LiteLlmTierReader
{
    /// <returns>The tiers above 0 input tokens, by ascending threshold.</returns>
    /// <param name="tieredBase">The rates of a <c>tiered_pricing</c> range starting at 0, if there is one.</param>
    public static List<PriceTier> Read(
        JsonElement model, string label, PriceFileErrors errors, out PriceTier? tieredBase)
    {
        var tiers = new SortedDictionary<long, PriceTier>();
        foreach (var property in model.EnumerateObject())
        {
            var match = FlatTierKey().Match(property.Name);
            if (!match.Success)
            {
                continue;
            }

            var threshold = long.Parse(match.Groups["thousands"].ValueSpan) * 1000;
            var rate = LiteLlmPriceParser.ReadRate(model, property.Name, label, errors);
            if (rate is not null)
            {
                var tier = tiers.GetValueOrDefault(threshold) ?? new PriceTier { AboveInputTokens = threshold };
                tiers[threshold] = WithRate(tier, match.Groups["rate"].Value, rate.Value);
            }
        }

        tieredBase = null;
        if (model.TryGetProperty("tiered_pricing", out var ranges) && ranges.ValueKind != JsonValueKind.Null)
        {
            tieredBase = ReadRanges(ranges, label, errors, tiers);
        }

        return [.. tiers.Values];
    }

    private static PriceTier? ReadRanges(
        JsonElement ranges, string label, PriceFileErrors errors, SortedDictionary<long, PriceTier> tiers)
    {
        if (ranges.ValueKind != JsonValueKind.Array)
        {
            errors.Add(label, "tiered_pricing is not an array");
            return null;
        }

        PriceTier? tieredBase = null;
        var index = 0;
        foreach (var range in ranges.EnumerateArray())
        {
            var path = $"tiered_pricing[{index++}].";
            if (range.ValueKind != JsonValueKind.Object || !TryReadLowerBound(range, out var from))
            {
                errors.Add(label, $"{path}range is not [from, to] with a whole number of tokens as from");
                continue;
            }

            var tier = new PriceTier
            {
                AboveInputTokens = from,
                InputPerToken = LiteLlmPriceParser.ReadRate(range, "input_cost_per_token", label, errors, path),
                OutputPerToken = LiteLlmPriceParser.ReadRate(range, "output_cost_per_token", label, errors, path),
                CacheReadPerToken = LiteLlmPriceParser.ReadRate(range, "cache_read_input_token_cost", label, errors, path),
                CacheWritePerToken = LiteLlmPriceParser.ReadRate(range, "cache_creation_input_token_cost", label, errors, path),
                ReasoningPerToken = LiteLlmPriceParser.ReadRate(range, "output_cost_per_reasoning_token", label, errors, path),
            };
            if (from == 0)
            {
                tieredBase = tier;
            }
            else
            {
                // A flat key for the same threshold, if any, was read first and stays.
                tiers.TryAdd(from, tier);
            }
        }

        if (tieredBase is null && index > 0)
        {
            errors.Add(label, "tiered_pricing has no range starting at 0 tokens");
        }

        return tieredBase;
    }

    private static bool TryReadLowerBound(JsonElement range, out long from)
    {
        from = 0;
        return range.TryGetProperty("range", out var bounds)
            && bounds.ValueKind == JsonValueKind.Array
            && bounds.GetArrayLength() == 2
            && JsonDecimal.TryReadCount(bounds[0], out from);
    }

    private static PriceTier WithRate(PriceTier tier, string rateKey, decimal rate) => rateKey switch
    {
        "input_cost_per_token" => tier with { InputPerToken = rate },
        "output_cost_per_token" => tier with { OutputPerToken = rate },
        "cache_read_input_token_cost" => tier with { CacheReadPerToken = rate },
        "cache_creation_input_token_cost" => tier with { CacheWritePerToken = rate },
        _ => tier with { ReasoningPerToken = rate },
    };

    [GeneratedRegex(@"^(?<rate>input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|output_cost_per_reasoning_token)_above_(?<thousands>\d{1,9})k_tokens$")]
    private static partial Regex FlatTierKey();
}

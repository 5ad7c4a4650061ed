using CostWatch.Core.Records;

namespace CostWatch.Core.Pricing;

/// <summary>Prices one LLM call exactly, in decimal, from a price catalog.</summary>
public static class CostCalculator
{
    private const string EmbeddingsOperation = "embeddings";

    public static CallCost Price(LlmCall call, PriceCatalog catalog)
    {
        var buckets = TokenBuckets.From(call);
        var entry = catalog.Match(call.Provider, call.ResponseModel, call.RequestModel, call.StartTime);

        if (call.ReportedCostUsd is { } reported)
        {
            return new CallCost { Amount = reported, Source = CostSource.Reported, Entry = entry, Buckets = buckets };
        }

        if (entry is null)
        {
            return new CallCost { Source = CostSource.Unpriced, Buckets = buckets };
        }

        var tier = entry.TierFor(buckets.TotalInput);
        var inputOnly = entry.IsEmbedding || call.Operation == EmbeddingsOperation;
        var breakdown = Compute(entry, tier, buckets, inputOnly);
        return breakdown is null
            ? new CallCost { Source = CostSource.Unpriced, Entry = entry, Tier = tier, Buckets = buckets }
            : new CallCost
            {
                Amount = breakdown.Total,
                Source = CostSource.Computed,
                Entry = entry,
                Tier = tier,
                Buckets = buckets,
                Breakdown = breakdown,
            };
    }

    /// <summary>Null when a bucket holding tokens has no rate at all: a partial sum would understate the cost.</summary>
    private static CostBreakdown? Compute(PriceEntry entry, PriceTier? tier, TokenBuckets buckets, bool inputOnly)
    {
        // Above a tier's threshold the whole call is billed at the tier's rates; a rate the tier does not list
        // stays the entry's. Cache and reasoning buckets without a rate of their own fall back to input / output.
        var input = tier?.InputPerToken ?? entry.InputPerToken;
        var output = tier?.OutputPerToken ?? entry.OutputPerToken;
        var cacheRead = tier?.CacheReadPerToken ?? entry.CacheReadPerToken ?? input;
        var cacheWrite = tier?.CacheWritePerToken ?? entry.CacheWritePerToken ?? input;
        var reasoning = tier?.ReasoningPerToken ?? entry.ReasoningPerToken ?? output;

        // Embeddings are billed for their input only; any output count is not a billed quantity.
        var outputTokens = inputOnly ? 0 : buckets.OutputWithoutReasoning;
        var reasoningTokens = inputOnly ? 0 : buckets.Reasoning;

        var uncachedCost = Cost(buckets.UncachedInput, input);
        var cacheReadCost = Cost(buckets.CacheRead, cacheRead);
        var cacheWriteCost = Cost(buckets.CacheWrite, cacheWrite);
        var outputCost = Cost(outputTokens, output);
        var reasoningCost = Cost(reasoningTokens, reasoning);
        if (uncachedCost is null || cacheReadCost is null || cacheWriteCost is null || outputCost is null
            || reasoningCost is null)
        {
            return null;
        }

        return new CostBreakdown
        {
            UncachedInput = uncachedCost.Value,
            CacheRead = cacheReadCost.Value,
            CacheWrite = cacheWriteCost.Value,
            OutputWithoutReasoning = outputCost.Value,
            Reasoning = reasoningCost.Value,
        };
    }

    private static decimal? Cost(long tokens, decimal? ratePerToken) => tokens == 0 ? 0m : tokens * ratePerToken;
}

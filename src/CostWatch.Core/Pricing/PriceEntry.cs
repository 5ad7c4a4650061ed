namespace CostWatch.Core.Pricing;

/// <summary>
/// The prices of one model (or of every model a pattern matches) from one source, in USD per token. An entry is
/// identified by exactly one of <see cref="Id"/> and <see cref="Pattern"/>.
/// </summary>
public sealed class PriceEntry
{
    /// <summary>The <see cref="Source"/> of entries from the catalog shipped inside CostWatch.</summary>
    public const string BuiltInSource = "built-in";

    /// <summary>An exact model id, matched case-insensitively (see <see cref="ModelIdNormalizer"/>).</summary>
    public string? Id { get; init; }

    /// <summary>A regular expression over model ids, matched case-insensitively; user entries only.</summary>
    public string? Pattern { get; init; }

    /// <summary>The id or pattern: what a priced call records as the entry that priced it.</summary>
    public string Key => Id ?? Pattern ?? string.Empty;

    /// <summary>LiteLLM's provider id (<c>openai</c>, <c>bedrock_converse</c>, ...) or a user's provider.</summary>
    public string? Provider { get; init; }

    /// <summary>One of <see cref="PriceModes"/>; null when a user entry does not say (priced as chat).</summary>
    public string? Mode { get; init; }

    /// <summary>The context window: LiteLLM's <c>max_input_tokens</c>.</summary>
    public long? ContextWindow { get; init; }

    public long? MaxOutputTokens { get; init; }

    public decimal? InputPerToken { get; init; }

    public decimal? OutputPerToken { get; init; }

    /// <summary>Null means cache reads are billed at the input rate.</summary>
    public decimal? CacheReadPerToken { get; init; }

    /// <summary>Null means cache writes are billed at the input rate.</summary>
    public decimal? CacheWritePerToken { get; init; }

    /// <summary>Null means reasoning tokens are billed at the output rate.</summary>
    public decimal? ReasoningPerToken { get; init; }

    public IReadOnlyList<PriceTier> Tiers { get; init; } = [];

    /// <summary>UTC instant from which the entry applies; null means always (every built-in entry).</summary>
    public DateTime? EffectiveFrom { get; init; }

    /// <summary><see cref="BuiltInSource"/> or the name of the user price file the entry came from.</summary>
    public required string Source { get; init; }

    public bool IsEmbedding => Mode == PriceModes.Embedding;

    /// <summary>The tier with the highest threshold that <paramref name="inputTokens"/> exceeds, if any.</summary>
    public PriceTier? TierFor(long inputTokens)
    {
        PriceTier? chosen = null;
        foreach (var tier in Tiers)
        {
            if (inputTokens > tier.AboveInputTokens && (chosen is null || tier.AboveInputTokens > chosen.AboveInputTokens))
            {
                chosen = tier;
            }
        }

        return chosen;
    }

    public override string ToString() => $"{Key} ({Source})";
}

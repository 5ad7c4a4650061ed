namespace CostWatch.Core.Pricing;

/// <summary>
/// Long-context prices: once a call's input (uncached + cache read + cache write) exceeds
/// <see cref="AboveInputTokens"/>, the whole call is billed at these rates. A rate left null falls back to the
/// entry's own rate for that bucket, as LiteLLM does for tiers that list only some prices.
/// </summary>
public sealed record PriceTier
{
    public required long AboveInputTokens { get; init; }

    public decimal? InputPerToken { get; init; }

    public decimal? OutputPerToken { get; init; }

    public decimal? CacheReadPerToken { get; init; }

    public decimal? CacheWritePerToken { get; init; }

    public decimal? ReasoningPerToken { get; init; }
}

namespace CostWatch.Core.Pricing;

/// <summary>A computed cost per token bucket (USD); <see cref="Total"/> is their exact sum.</summary>
public sealed record CostBreakdown
{
    public decimal UncachedInput { get; init; }

    public decimal CacheRead { get; init; }

    public decimal CacheWrite { get; init; }

    public decimal OutputWithoutReasoning { get; init; }

    public decimal Reasoning { get; init; }

    public decimal Total => UncachedInput + CacheRead + CacheWrite + OutputWithoutReasoning + Reasoning;
}

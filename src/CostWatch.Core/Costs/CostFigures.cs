namespace CostWatch.Core.Costs;

/// <summary>
/// LLM usage and cost summed over some calls. <see cref="InputTokens"/> counts all input tokens, cached ones
/// included, and <see cref="OutputTokens"/> all output tokens, reasoning included; the cache and reasoning counts
/// are parts of them. <see cref="PricedCostUsd"/> is the exact cost of the priced calls; the
/// <see cref="UnpricedCalls"/> have no known cost and are not in it.
/// </summary>
public readonly record struct CostFigures(
    long Calls,
    long InputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long OutputTokens,
    long ReasoningTokens,
    decimal PricedCostUsd,
    long UnpricedCalls)
{
    /// <summary>The cost, or null when every call is unpriced: an unknown cost is never shown as $0.</summary>
    public decimal? CostUsd => Calls > 0 && UnpricedCalls == Calls ? null : PricedCostUsd;

    public long TotalTokens => InputTokens + OutputTokens;

    public static CostFigures operator +(CostFigures a, CostFigures b) => new(
        a.Calls + b.Calls,
        a.InputTokens + b.InputTokens,
        a.CacheReadTokens + b.CacheReadTokens,
        a.CacheWriteTokens + b.CacheWriteTokens,
        a.OutputTokens + b.OutputTokens,
        a.ReasoningTokens + b.ReasoningTokens,
        a.PricedCostUsd + b.PricedCostUsd,
        a.UnpricedCalls + b.UnpricedCalls);

    public static CostFigures Sum(IEnumerable<CostFigures> figures) =>
        figures.Aggregate(default(CostFigures), (total, next) => total + next);
}

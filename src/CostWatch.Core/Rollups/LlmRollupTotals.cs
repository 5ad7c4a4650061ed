namespace CostWatch.Core.Rollups;

/// <summary>
/// What one LLM-call rollup row adds up. <see cref="CostUsd"/> is the exact sum of the priced calls;
/// unpriced calls are counted in <see cref="UnpricedCalls"/> and add nothing to it (their cost is unknown, not 0).
/// Token counts are not disjoint: input includes the cache buckets, output includes reasoning.
/// </summary>
public sealed class LlmRollupTotals : IRollupTotals<LlmRollupTotals>
{
    public long Calls { get; set; }

    public long FailedCalls { get; set; }

    public long InputTokens { get; set; }

    public long CacheReadTokens { get; set; }

    public long CacheWriteTokens { get; set; }

    public long OutputTokens { get; set; }

    public long ReasoningTokens { get; set; }

    public decimal CostUsd { get; set; }

    public long UnpricedCalls { get; set; }

    public long DurationMicroseconds { get; set; }

    /// <summary>Unix microseconds of the earliest start; <see cref="long.MaxValue"/> while empty, so merging with min is neutral.</summary>
    public long FirstSeen { get; set; } = long.MaxValue;

    /// <summary>Unix microseconds of the latest end; <see cref="long.MinValue"/> while empty.</summary>
    public long LastSeen { get; set; } = long.MinValue;

    public void Add(LlmRollupTotals other)
    {
        Calls += other.Calls;
        FailedCalls += other.FailedCalls;
        InputTokens += other.InputTokens;
        CacheReadTokens += other.CacheReadTokens;
        CacheWriteTokens += other.CacheWriteTokens;
        OutputTokens += other.OutputTokens;
        ReasoningTokens += other.ReasoningTokens;
        CostUsd += other.CostUsd;
        UnpricedCalls += other.UnpricedCalls;
        DurationMicroseconds += other.DurationMicroseconds;
        FirstSeen = Math.Min(FirstSeen, other.FirstSeen);
        LastSeen = Math.Max(LastSeen, other.LastSeen);
    }
}

namespace CostWatch.Worker.Observability;

/// <summary>
/// One <see cref="LlmCallSeries"/>'s share of a rollup window: counter increments already summed, and only the
/// values each histogram must see one by one.
/// </summary>
internal sealed class LlmCallObservations
{
    public long Calls { get; set; }

    public long UncachedInputTokens { get; set; }

    public long CacheReadTokens { get; set; }

    public long CacheWriteTokens { get; set; }

    public long OutputTokensWithoutReasoning { get; set; }

    public long ReasoningTokens { get; set; }

    /// <summary>The exact cost of the series' priced calls; null while none was priced.</summary>
    public decimal? CostUsd { get; set; }

    public DateTime LastEnd { get; set; } = DateTime.MinValue;

    /// <summary>Input tokens of each call that reported any.</summary>
    public List<long> InputTokens { get; } = [];

    /// <summary>Output tokens of each call that reported any.</summary>
    public List<long> OutputTokens { get; } = [];

    public List<double> DurationSeconds { get; } = [];

    /// <summary>Input over context window, for each call whose model has a known window.</summary>
    public List<double> ContextWindowUtilization { get; } = [];
}

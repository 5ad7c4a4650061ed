namespace CostWatch.TestSupport.Rollups;

/// <summary>
/// An LLM call as the rollups see it, for tests that describe calls and let <see cref="RollupBuckets"/> sum them
/// into rows. <see cref="CostUsd"/> null means unpriced.
/// </summary>
public sealed record RollupCall
{
    public required DateTimeOffset Start { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(1);

    public string Agent { get; init; } = "__unattributed__";

    public string Session { get; init; } = "";

    public string Model { get; init; } = "";

    public string Provider { get; init; } = "";

    public string Service { get; init; } = "";

    public string User { get; init; } = "";

    public string Dimensions { get; init; } = "";

    public long InputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long OutputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public decimal? CostUsd { get; init; }
}

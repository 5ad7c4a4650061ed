namespace CostWatch.Simulator;

/// <summary>
/// Tokens of one call as the GenAI conventions report them: <see cref="Input"/> includes the cache reads and
/// writes, <see cref="Output"/> includes the reasoning tokens.
/// </summary>
internal readonly record struct TokenUsage(long Input, long Output, long CacheRead = 0, long CacheWrite = 0, long Reasoning = 0)
{
    public static TokenUsage None => default;
}

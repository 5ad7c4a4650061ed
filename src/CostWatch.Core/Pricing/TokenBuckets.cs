using CostWatch.Core.Records;

namespace CostWatch.Core.Pricing;

/// <summary>
/// A call's tokens split into disjoint buckets, each billed at its own rate, so that no token is priced twice
/// (genai-telemetry.md section 3): cache tokens are not also input tokens, reasoning tokens not also output.
/// </summary>
/// <remarks>
/// A value, not an object: the split is made for every call by pricing at ingest, and again by the rollups, the
/// alert samples and the metrics of every pass (millions of calls a pass under load).
/// </remarks>
public readonly record struct TokenBuckets
{
    public long UncachedInput { get; init; }

    public long CacheRead { get; init; }

    public long CacheWrite { get; init; }

    public long OutputWithoutReasoning { get; init; }

    public long Reasoning { get; init; }

    /// <summary>The convention the split assumed, which differs from the call's when its counts contradicted it.</summary>
    public TokenConvention InputConvention { get; init; }

    /// <summary>
    /// True when the call said its input included the cache tokens but they exceeded it, so the input was taken
    /// as the uncached part instead (the only reading that yields no negative count).
    /// </summary>
    public bool InputConventionCorrected { get; init; }

    /// <summary>
    /// True when the reasoning tokens exceeded the output tokens, so the output was taken as excluding them
    /// rather than billing a negative or zero remainder.
    /// </summary>
    public bool ReasoningOutsideOutput { get; init; }

    /// <summary>Every input token: uncached, cache read and cache write. Long-context tiers are chosen by it.</summary>
    public long TotalInput => UncachedInput + CacheRead + CacheWrite;

    public long TotalOutput => OutputWithoutReasoning + Reasoning;

    public static TokenBuckets From(LlmCall call)
    {
        // Counts are validated at ingest; clamping only keeps a bad record from producing negative money.
        var input = Math.Max(0, call.InputTokens);
        var cacheRead = Math.Max(0, call.CacheReadTokens);
        var cacheWrite = Math.Max(0, call.CacheWriteTokens);
        var output = Math.Max(0, call.OutputTokens);
        var reasoning = Math.Max(0, call.ReasoningTokens);

        var convention = call.Convention;
        var corrected = false;
        var uncached = input;
        if (convention == TokenConvention.InputIncludesCache)
        {
            uncached = input - cacheRead - cacheWrite;
            if (uncached < 0)
            {
                uncached = input;
                convention = TokenConvention.InputExcludesCache;
                corrected = true;
            }
        }

        var reasoningOutside = reasoning > output;
        return new TokenBuckets
        {
            UncachedInput = uncached,
            CacheRead = cacheRead,
            CacheWrite = cacheWrite,
            OutputWithoutReasoning = reasoningOutside ? output : output - reasoning,
            Reasoning = reasoning,
            InputConvention = convention,
            InputConventionCorrected = corrected,
            ReasoningOutsideOutput = reasoningOutside,
        };
    }
}

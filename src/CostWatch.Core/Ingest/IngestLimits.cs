namespace CostWatch.Core.Ingest;

/// <summary>The bounds beyond which a span is rejected as invalid rather than stored.</summary>
public sealed record IngestLimits
{
    /// <summary>More tokens than any model's context window by two orders of magnitude: a broken counter.</summary>
    public long MaxTokensPerCall { get; init; } = 100_000_000;

    public int MaxIterationsPerRun { get; init; } = 1_000_000;

    /// <summary>How far in the future a span may start (clock skew between hosts).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(10);
}

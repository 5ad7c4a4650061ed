namespace CostWatch.TestSupport.Rollups;

/// <summary>One row of <c>llm_rollups</c>, as the rollup job writes it (see the table's schema comment).</summary>
public sealed record LlmRollupRow
{
    public required int Resolution { get; init; }

    public required long BucketStart { get; init; }

    public string Agent { get; init; } = "__unattributed__";

    public string Session { get; init; } = "";

    public string Model { get; init; } = "";

    public string Provider { get; init; } = "";

    public string Service { get; init; } = "";

    public string User { get; init; } = "";

    public string Dimensions { get; init; } = "";

    public long Calls { get; init; }

    public long FailedCalls { get; init; }

    public long InputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long OutputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public decimal CostUsd { get; init; }

    public long UnpricedCalls { get; init; }

    public long DurationMicros { get; init; }

    public long FirstSeen { get; init; }

    public long LastSeen { get; init; }
}

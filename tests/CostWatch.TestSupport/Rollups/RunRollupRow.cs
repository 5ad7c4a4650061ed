namespace CostWatch.TestSupport.Rollups;

/// <summary>One row of <c>run_rollups</c>.</summary>
public sealed record RunRollupRow
{
    public required int Resolution { get; init; }

    public required long BucketStart { get; init; }

    public required string Agent { get; init; }

    public string Session { get; init; } = "";

    public string Service { get; init; } = "";

    public string User { get; init; } = "";

    public string Dimensions { get; init; } = "";

    public long Runs { get; init; }

    public long FailedRuns { get; init; }

    public long Iterations { get; init; }

    public long DurationMicros { get; init; }

    public long FirstSeen { get; init; }

    public long LastSeen { get; init; }
}

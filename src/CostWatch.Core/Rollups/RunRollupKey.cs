namespace CostWatch.Core.Rollups;

/// <summary>One row of the agent-run rollups.</summary>
public sealed record RunRollupKey(
    int Resolution,
    long BucketStart,
    string Agent,
    string Session,
    string Service,
    string User,
    string Dimensions) : IRollupKey<RunRollupKey>
{
    public RunRollupKey InBucket(int resolution, long bucketStart) =>
        this with { Resolution = resolution, BucketStart = bucketStart };
}

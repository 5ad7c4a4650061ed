namespace CostWatch.Core.Rollups;

/// <summary>One row of the tool-call rollups.</summary>
public sealed record ToolRollupKey(
    int Resolution,
    long BucketStart,
    string Agent,
    string Session,
    string Tool,
    string Service,
    string User,
    string Dimensions) : IRollupKey<ToolRollupKey>
{
    public ToolRollupKey InBucket(int resolution, long bucketStart) =>
        this with { Resolution = resolution, BucketStart = bucketStart };
}

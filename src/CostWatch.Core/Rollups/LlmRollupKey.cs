namespace CostWatch.Core.Rollups;

/// <summary>One row of the LLM-call rollups. Absent values are empty strings; calls without an agent are under <c>__unattributed__</c>.</summary>
public sealed record LlmRollupKey(
    int Resolution,
    long BucketStart,
    string Agent,
    string Session,
    string Model,
    string Provider,
    string Service,
    string User,
    string Dimensions) : IRollupKey<LlmRollupKey>
{
    public LlmRollupKey InBucket(int resolution, long bucketStart) =>
        this with { Resolution = resolution, BucketStart = bucketStart };
}

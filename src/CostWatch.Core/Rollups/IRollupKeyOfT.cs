namespace CostWatch.Core.Rollups;

/// <summary>A rollup key that can name the same row in another bucket (the hour or day a minute row is part of).</summary>
public interface IRollupKey<out TKey> : IRollupKey
{
    TKey InBucket(int resolution, long bucketStart);
}

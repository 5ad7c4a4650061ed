namespace CostWatch.Core.Rollups;

/// <summary>What every rollup row is keyed by: its bucket and who and what the records belong to.</summary>
public interface IRollupKey
{
    int Resolution { get; }

    long BucketStart { get; }

    string Agent { get; }

    string Session { get; }

    string Service { get; }

    string User { get; }

    string Dimensions { get; }
}

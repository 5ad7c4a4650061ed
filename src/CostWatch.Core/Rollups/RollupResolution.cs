namespace CostWatch.Core.Rollups;

/// <summary>The bucket widths rollups are kept at, in seconds; every record is added to one bucket of each.</summary>
public static class RollupResolution
{
    public const int Minute = 60;

    public const int Hour = 3_600;

    public const int Day = 86_400;

    public static readonly int[] All = [Minute, Hour, Day];

    /// <summary>The start of the bucket of <paramref name="resolution"/> seconds holding <paramref name="utc"/>, in Unix seconds.</summary>
    public static long BucketStart(DateTime utc, int resolution) => BucketStart(UnixTime.Seconds(utc), resolution);

    /// <summary>The start of the bucket of <paramref name="resolution"/> seconds holding the Unix second <paramref name="seconds"/>.</summary>
    public static long BucketStart(long seconds, int resolution) =>
        seconds - (((seconds % resolution) + resolution) % resolution);
}

namespace CostWatch.Core.Rollups;

/// <summary>The bucket widths rollups are kept at, in seconds; every record is added to one bucket of each.</summary>
public static class RollupResolution
{
    public const int Minute = 60;

    public const int Hour = 3_600;

    public const int Day = 86_400;

    public static readonly int[] All = [Minute, Hour, Day];

    /// <summary>The start of the bucket of <paramref name="resolution"/> seconds holding <paramref name="utc"/>, in Unix seconds.</summary>
    public static long BucketStart(DateTime utc, int resolution)
    {
        var seconds = UnixTime.Seconds(utc);
        return seconds - (((seconds % resolution) + resolution) % resolution);
    }
}

namespace CostWatch.Core.Rollups;

/// <summary>Unix times as rollups keep them: bucket starts in seconds, first and last seen in microseconds.</summary>
public static class UnixTime
{
    public static long Seconds(DateTime utc) => (long)Math.Floor((utc - DateTime.UnixEpoch).TotalSeconds);

    public static long Microseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;

    public static DateTime FromSeconds(long seconds) => DateTime.UnixEpoch.AddSeconds(seconds);

    public static DateTime FromMicroseconds(long microseconds) => DateTime.UnixEpoch.AddTicks(microseconds * 10);
}

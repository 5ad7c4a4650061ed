namespace CostWatch.Core.Costs;

/// <summary>Bucket arithmetic on Unix seconds. Buckets are aligned to the epoch, so to UTC minutes, hours and days.</summary>
public static class UnixTime
{
    public static long FloorTo(long seconds, int width) => seconds - Mod(seconds, width);

    public static long CeilTo(long seconds, int width) => Mod(seconds, width) == 0 ? seconds : FloorTo(seconds, width) + width;

    public static DateTimeOffset ToTime(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    /// <summary>Unix seconds of <paramref name="time"/>, rounded down to the whole second.</summary>
    public static long ToSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    private static long Mod(long seconds, int width) => ((seconds % width) + width) % width;
}

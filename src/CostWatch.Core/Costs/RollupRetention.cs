namespace CostWatch.Core.Costs;

/// <summary>How long each rollup resolution is kept; older buckets are deleted.</summary>
public sealed record RollupRetention(TimeSpan Minute, TimeSpan Hour, TimeSpan Day)
{
    public TimeSpan Of(RollupResolution resolution) => resolution switch
    {
        RollupResolution.Minute => Minute,
        RollupResolution.Hour => Hour,
        _ => Day,
    };

    /// <summary>
    /// The earliest bucket start (Unix seconds) of <paramref name="resolution"/> that is certainly still kept at
    /// <paramref name="now"/>: the pruning cutoff rounded up to a bucket boundary, since the bucket the cutoff falls
    /// in may already be gone.
    /// </summary>
    public long KeptFrom(RollupResolution resolution, DateTimeOffset now)
    {
        var cutoff = now - Of(resolution);
        return UnixTime.CeilTo(cutoff.ToUnixTimeSeconds() + (cutoff.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : 1),
            (int)resolution);
    }
}

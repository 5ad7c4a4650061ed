namespace CostWatch.Worker.Rollups;

/// <summary><c>CostWatch:Rollups</c>: how often costs are rolled up and how long each resolution is kept.</summary>
internal sealed class RollupOptions
{
    public const string Section = "CostWatch:Rollups";

    /// <summary>How often the rollup job runs; a record is rolled up one to two intervals after it is stored.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most records one pass reads (and holds in memory until it commits). After a backlog the job takes it
    /// in passes of at most this many, one after another, instead of one pass that grows with it. The ingest
    /// benchmark's passes, 10 s at about 100,000 spans/s, read about a million.
    /// </summary>
    public int MaxRecordsPerPass { get; set; } = 2_000_000;

    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(2);

    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan DayRetention { get; set; } = TimeSpan.FromDays(3 * 365);
}

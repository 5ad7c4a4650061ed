namespace CostWatch.Worker.Ingest;

/// <summary><c>CostWatch:Ingest</c>: limits and timing of the OTLP ingest path.</summary>
internal sealed class IngestOptions
{
    public const string Section = "CostWatch:Ingest";

    /// <summary>Largest accepted body, after decompression (OTLP asks servers to cap it and answer 413).</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Spans decoded but not yet committed, across all exports; beyond it exports get 503.</summary>
    public int MaxQueuedSpans { get; set; } = 100_000;

    /// <summary>
    /// Group commits in flight at once. Unset: 3 with PostgreSQL (groups are copied while others wait for their
    /// commit to be flushed; with 2 the ingest benchmark's four exporters waited on PostgreSQL's COPY, with 3 it
    /// acknowledged about 7% more), 1 with SQLite (which has a single write lock).
    /// </summary>
    public int? Writers { get; set; }

    /// <summary>
    /// How long a writer waits for more exports before committing a group that is not full, so that exports
    /// arriving together share one commit (and one flush to disk). 0 commits at once. Unset: 2 ms with SQLite,
    /// whose every commit is an fsync under its one write lock; none with PostgreSQL, whose writers run side by
    /// side and whose flushes of concurrent commits are shared anyway (the wait only added to every export's
    /// latency: about 8% fewer spans/s in the ingest benchmark).
    /// </summary>
    public TimeSpan? CommitDelay { get; set; }

    /// <summary>Most spans one group commit takes from the queue.</summary>
    public int MaxGroupSpans { get; set; } = 16_384;

    /// <summary>The delay clients are asked to wait before retrying after a 503 / UNAVAILABLE.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a call waits for its ancestor agent run before it is settled as it is.</summary>
    public TimeSpan SettlePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often pending calls past the settle period are settled.</summary>
    public TimeSpan SettleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the parent links of other spans are kept for attribution.</summary>
    public TimeSpan LinkRetention { get; set; } = TimeSpan.FromHours(1);
}

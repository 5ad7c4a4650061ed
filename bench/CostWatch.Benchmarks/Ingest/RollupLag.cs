namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// How far the rollup job trailed the load: the lag of each rollup pass that finished during the load (how long
/// the oldest record it rolled up had been stored; max and last), and how long after the load stopped the
/// backlog of final records not yet rolled up took to empty (null: not within the wait).
/// </summary>
internal sealed record RollupLag(int Passes, double MaxSeconds, double LastSeconds, TimeSpan? CaughtUpAfter, TimeSpan Waited);

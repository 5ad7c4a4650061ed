namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// How far the rollup job trailed the load: the age of the oldest record that was final but not yet rolled up,
/// sampled during the measured load (max and last sample), and how long after the load stopped the backlog
/// took to empty (null: not within the wait).
/// </summary>
internal sealed record RollupLag(int Samples, double MaxSeconds, double LastSeconds, TimeSpan? CaughtUpAfter, TimeSpan Waited);

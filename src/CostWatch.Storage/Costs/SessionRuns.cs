namespace CostWatch.Storage.Costs;

/// <summary>The agent runs of one agent within a session: counts, summed iterations and duration (microseconds).</summary>
public sealed record SessionRuns(
    string Agent,
    long Runs,
    long FailedRuns,
    long Iterations,
    long DurationMicros,
    long FirstSeen,
    long LastSeen);

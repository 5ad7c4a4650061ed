namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// After the load stopped: calls pending attribution then and at the end of the wait, the calls that cannot be
/// resolved (their run was never sent), and how long it took to get down to those (null: not within the wait).
/// </summary>
internal sealed record AttributionCatchUp(long PendingAtStop, long PendingAtEnd, long Unresolvable, TimeSpan? Took,
    TimeSpan Waited);

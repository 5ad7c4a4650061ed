namespace CostWatch.Storage.Rollups;

/// <summary>
/// How much one rollup pass may take. A pass holds what it reads in memory until it commits, so after a backlog
/// (passes skipped while a long re-pricing held the lock, a pass that kept failing) an unbounded window would grow
/// with the backlog, and with it the pass's memory and time. A bounded pass takes the oldest part of the window
/// and leaves the rest to the passes after it.
/// </summary>
/// <param name="MaxTransactions">
/// The most <c>change_seq</c> values a window may span (PostgreSQL transaction ids, SQLite write transactions);
/// at least 1, since the records of one transaction are never split between passes.
/// </param>
/// <param name="MaxRecords">
/// The most records a pass may read. A window that holds more is given up before anything is written
/// (<see cref="RollupPass.TooLarge"/>), unless it spans a single transaction, which is taken whole.
/// </param>
public readonly record struct RollupBounds(long MaxTransactions, int MaxRecords)
{
    public static RollupBounds Unbounded { get; } = new(long.MaxValue, int.MaxValue);

    /// <summary>Where a window that starts at <paramref name="done"/> ends: <paramref name="ready"/>, or sooner.</summary>
    internal long EndOf(long done, long ready)
    {
        var span = Math.Max(1, MaxTransactions);
        return ready - done <= span ? ready : done + span;
    }
}

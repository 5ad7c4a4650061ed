using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Storage.Rollups;

/// <summary>
/// Rolls raw records into the minute, hour and day rollups, re-prices stored calls and prunes rollups. With
/// PostgreSQL the rollup writers of all replicas are serialised by one advisory lock (docs/rollups.md).
/// </summary>
public interface IRollupStore
{
    /// <summary>
    /// One rollup pass: adds every record that became final since the previous pass, once, to its buckets;
    /// tells <paramref name="window"/> about each. Takes no more than <paramref name="bounds"/> allow: the oldest
    /// part of what is final (<see cref="RollupPass.MoreWaiting"/>), or nothing when that part holds too many
    /// records (<see cref="RollupPass.TooLarge"/>; <paramref name="window"/> has then seen records that were not
    /// rolled up, and must be dropped). Returns <see cref="RollupPass.Skipped"/> when another replica is rolling up
    /// at this moment.
    /// </summary>
    Task<RollupPass> RollUpAsync(IRollupWindow? window, RollupBounds bounds, CancellationToken cancellationToken);

    /// <summary>
    /// Brings the indexes a rollup pass finds its window by up to date with the records written since the last
    /// call, so the pass reads its window and not everything written since the table's last vacuum (PostgreSQL's
    /// BRIN indexes; nothing to do on SQLite). Skips a table that a vacuum holds at that moment: the vacuum does the
    /// same. Throws when the store's user may not do it (it must own the tables), once; later calls do nothing.
    /// </summary>
    Task SummarizeRollupIndexesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Prices again every call that started in [<paramref name="from"/>, <paramref name="to"/>) and corrects
    /// the rollups that hold it, in one transaction; with <paramref name="dryRun"/> only reports the difference.
    /// </summary>
    Task<RepriceReport> RepriceAsync(DateTime from, DateTime to, Func<LlmCall, CallCost> price, bool dryRun,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records stored (or attributed) but not yet rolled up: pending calls, and records waiting for the next
    /// passes. With PostgreSQL a record waits until every transaction older than it has ended.
    /// </summary>
    Task<long> CountRollupBacklogAsync(CancellationToken cancellationToken);

    /// <summary>Deletes rollup buckets that start before the given times, per resolution.</summary>
    Task<long> PruneRollupsAsync(DateTime minutesBefore, DateTime hoursBefore, DateTime daysBefore,
        CancellationToken cancellationToken);
}

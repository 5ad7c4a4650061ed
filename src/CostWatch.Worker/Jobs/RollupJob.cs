using System.Data.Common;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Storage;
using Quartz;

namespace CostWatch.Worker.Jobs;

/// <summary>
/// Rolls newly final records into the minute, hour and day rollups, and hands them to the observers (the
/// Prometheus metrics). Every replica schedules it; with PostgreSQL an advisory lock lets one pass run at a
/// time, and a replica that finds it taken skips its turn (docs/rollups.md). A pass is bounded
/// (<see cref="RollupPassBounds"/>): after a backlog the job runs passes one after another until it has caught up.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RollupJob(
    IRollupStore store,
    StoreReadiness readiness,
    IEnumerable<IRollupObserver> observers,
    RollupPassBounds bounds,
    TimeProvider time,
    CostWatchMetrics metrics,
    ILogger<RollupJob> logger) : IJob
{
    public static readonly JobKey Key = new("rollup");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!readiness.SchemaReady)
        {
            return;
        }

        try
        {
            await store.SummarizeRollupIndexesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            // The pass is as right without it, only slower: it reads more of the tables to find its window.
            Log.RollupIndexSummaryFailed(logger, e);
        }

        // Every pass moves the window on by at least one transaction, and a window given up as too large is
        // followed by one half as wide, so this ends once the passes reach what was ready.
        var passes = 0;
        var records = 0L;
        RollupPass? pass;
        do
        {
            pass = await RollUpOnceAsync(cancellationToken);
            if (pass is { Ran: true })
            {
                passes++;
                records += pass.Records;
            }
        }
        while (!cancellationToken.IsCancellationRequested && pass is { MoreWaiting: true } or { TooLarge: true });

        if (passes > 1)
        {
            Log.RollupBacklogTaken(logger, passes, records);
        }
    }

    /// <returns>The pass, or null when it failed.</returns>
    private async Task<RollupPass?> RollUpOnceAsync(CancellationToken cancellationToken)
    {
        var window = new CompositeRollupWindow(observers.Select(o => o.BeginWindow()).ToList());
        var limits = bounds.Next;
        RollupPass pass;
        try
        {
            pass = await store.RollUpAsync(window, limits, cancellationToken);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            // The pass rolled back: the same records are taken by the next one.
            metrics.StoreErrors.Add(1, new KeyValuePair<string, object?>("operation", "rollup"));
            Log.RollupFailed(logger, e);
            return null;
        }

        bounds.Learn(pass);
        if (pass.TooLarge)
        {
            // The window has seen records that were not rolled up: it is dropped, not completed.
            Log.RollupWindowTooLarge(logger, pass.Transactions, limits.MaxRecords);
            return pass;
        }

        if (!pass.Ran)
        {
            Log.RollupSkipped(logger);
            return pass;
        }

        window.Complete();
        metrics.RollupRecords.Add(pass.Records);
        if (pass.OldestReceivedAt is { } oldest)
        {
            metrics.RollupLag.Record((time.GetUtcNow().UtcDateTime - oldest).TotalSeconds);
        }

        Log.RolledUp(logger, pass.LlmCalls, pass.Runs, pass.ToolCalls, pass.RowsWritten);
        return pass;
    }
}

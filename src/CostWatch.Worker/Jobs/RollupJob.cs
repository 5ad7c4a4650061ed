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
/// time, and a replica that finds it taken skips its turn (docs/rollups.md).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RollupJob(
    IRollupStore store,
    StoreReadiness readiness,
    IEnumerable<IRollupObserver> observers,
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

        var window = new CompositeRollupWindow(observers.Select(o => o.BeginWindow()).ToList());
        RollupPass pass;
        try
        {
            pass = await store.RollUpAsync(window, cancellationToken);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            // The pass rolled back: the same records are taken by the next one.
            metrics.StoreErrors.Add(1, new KeyValuePair<string, object?>("operation", "rollup"));
            Log.RollupFailed(logger, e);
            return;
        }

        if (!pass.Ran)
        {
            Log.RollupSkipped(logger);
            return;
        }

        window.Complete();
        metrics.RollupRecords.Add(pass.Records);
        if (pass.OldestReceivedAt is { } oldest)
        {
            metrics.RollupLag.Record((time.GetUtcNow().UtcDateTime - oldest).TotalSeconds);
        }

        Log.RolledUp(logger, pass.LlmCalls, pass.Runs, pass.ToolCalls, pass.RowsWritten);
    }
}

using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace CostWatch.Worker.Jobs;

/// <summary>
/// Deletes raw records past <c>CostWatch:Storage:RawRetention</c>, span links past the link retention, and
/// rollup buckets (and alert samples) past their resolution's retention (<c>CostWatch:Rollups</c>), and
/// resolved alerts past <c>CostWatch:Alerting:ResolvedRetention</c>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob(
    ITelemetryStore store,
    TimeProvider time,
    IOptions<StorageOptions> storage,
    IOptions<IngestOptions> ingest,
    IOptions<RollupOptions> rollups,
    IRollupStore rollupStore,
    IAlertStore alertStore,
    IOptions<AlertEngineOptions> alerting,
    ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var recordsBefore = now - storage.Value.RawRetention;
        var pruned = await store.PruneAsync(recordsBefore, now - ingest.Value.LinkRetention, cancellationToken);
        Log.Pruned(logger, pruned.Records, recordsBefore, pruned.Links);

        var retention = rollups.Value;
        var rows = await rollupStore.PruneRollupsAsync(now - retention.MinuteRetention, now - retention.HourRetention,
            now - retention.DayRetention, cancellationToken);
        Log.RollupsPruned(logger, rows);

        var alerts = await alertStore.PruneResolvedAlertsAsync(now - alerting.Value.ResolvedRetention, cancellationToken);
        Log.ResolvedAlertsPruned(logger, alerts);
    }
}

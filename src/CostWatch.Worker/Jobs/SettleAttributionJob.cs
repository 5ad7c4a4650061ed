using CostWatch.Worker.Attribution;
using CostWatch.Worker.Ingest;
using Microsoft.Extensions.Options;
using Quartz;

namespace CostWatch.Worker.Jobs;

/// <summary>
/// Settles calls that waited the whole settle period for their agent run: they keep what they found and
/// otherwise belong to <c>__unattributed__</c>. Never dropped.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SettleAttributionJob(AttributionPass pass, TimeProvider time, IOptions<IngestOptions> options)
    : IJob
{
    public static readonly JobKey Key = new("settle-attribution");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await pass.SettleAsync(time.GetUtcNow().UtcDateTime - options.Value.SettlePeriod, pageSize: 5_000,
            cancellationToken);
}

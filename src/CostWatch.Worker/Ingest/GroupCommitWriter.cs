using System.Threading.Channels;
using CostWatch.Core.Ingest;
using CostWatch.Storage;
using CostWatch.Worker.Attribution;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Ingest;

/// <summary>
/// Takes every export waiting in the queue and commits them together in one transaction (group commit),
/// then answers each. Concurrent exports share one commit, so durability does not cost throughput.
/// </summary>
internal sealed class GroupCommitWriter(
    IngestQueue queue,
    ITelemetryStore store,
    AttributionQueue attribution,
    CostWatchMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<GroupCommitWriter> logger) : BackgroundService
{
    private readonly int _maxGroupSpans = options.Value.MaxGroupSpans;

    private readonly TimeSpan _commitDelay = options.Value.CommitDelay
                                             ?? (store.Provider == StorageProvider.Postgres ? TimeSpan.Zero : TimeSpan.FromMilliseconds(2));

    private readonly int _writers = options.Value.Writers ?? (store.Provider == StorageProvider.Postgres ? 3 : 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _writers).Select(_ => Task.Run(CommitGroupsAsync, CancellationToken.None)));

    /// <summary>One writer: takes whatever is queued, commits it as one group, answers it, and again.</summary>
    private async Task CommitGroupsAsync()
    {
        var group = new List<QueuedExport>();
        var batches = new List<NormalizedBatch>();
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            batches.Clear();
            var spans = Take(reader, group, batches, 0);
            if (spans < _maxGroupSpans && _commitDelay > TimeSpan.Zero)
            {
                // Real time on purpose: a pause to let concurrent exports join, not a point on the domain clock.
                await Task.Delay(_commitDelay, CancellationToken.None);
                spans = Take(reader, group, batches, spans);
            }

            await CommitAsync(group, batches, spans);
        }
    }

    private int Take(ChannelReader<QueuedExport> reader, List<QueuedExport> group, List<NormalizedBatch> batches,
        int spans)
    {
        while (spans < _maxGroupSpans && reader.TryRead(out var export))
        {
            group.Add(export);
            batches.Add(export.Batch);
            spans += export.Batch.AcceptedSpanCount;
        }

        return spans;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Commit what was accepted into the queue before stopping: those exports are still waiting for an answer.
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<QueuedExport> group, List<NormalizedBatch> batches, int spans)
    {
        try
        {
            var outcome = await store.WriteAsync(batches, CancellationToken.None);
            metrics.IngestSpans.Add(outcome.Inserted, Outcome("accepted"));
            metrics.IngestSpans.Add(outcome.Duplicates, Outcome("duplicate"));
            foreach (var export in group)
            {
                queue.Release(export.Batch);
                export.Committed.TrySetResult(outcome);
            }

            attribution.Enqueue(batches);
        }
        catch (Exception e)
        {
            // Whatever failed, nothing of the group was committed: answer 503 so every client retries, and
            // keep the writer running for the exports behind it.
            metrics.StoreErrors.Add(1, new KeyValuePair<string, object?>("operation", "write"));
            Log.CommitFailed(logger, spans, group.Count, e);
            var unavailable = new StoreUnavailableException("the store is unavailable; retry later", e);
            foreach (var export in group)
            {
                queue.Release(export.Batch);
                export.Committed.TrySetException(unavailable);
            }
        }
    }

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);
}

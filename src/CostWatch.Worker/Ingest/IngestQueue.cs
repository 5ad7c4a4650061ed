using System.Threading.Channels;
using CostWatch.Core.Ingest;
using CostWatch.Storage;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Ingest;

/// <summary>
/// The bounded queue between the exports being answered and the writer committing them. Bounded by spans,
/// not exports: a full queue refuses the export (503) instead of growing without limit.
/// </summary>
internal sealed class IngestQueue
{
    private readonly Channel<QueuedExport> _channel = Channel.CreateUnbounded<QueuedExport>(
        new UnboundedChannelOptions { SingleReader = false });

    private readonly int _capacity;
    private int _queuedSpans;

    public IngestQueue(IOptions<IngestOptions> options, CostWatchMetrics metrics)
    {
        _capacity = options.Value.MaxQueuedSpans;
        metrics.ObserveQueueDepth(() => QueuedSpans);
    }

    public int QueuedSpans => Volatile.Read(ref _queuedSpans);

    public ChannelReader<QueuedExport> Reader => _channel.Reader;

    /// <summary>Queues the batch for commit, or returns null when that would exceed the capacity.</summary>
    public Task<WriteOutcome>? TryEnqueue(NormalizedBatch batch)
    {
        var spans = batch.AcceptedSpanCount;
        var queued = Interlocked.Add(ref _queuedSpans, spans);
        // An export larger than the whole capacity is still taken when nothing else waits; otherwise its
        // client would retry forever.
        if (queued > _capacity && queued != spans)
        {
            Interlocked.Add(ref _queuedSpans, -spans);
            return null;
        }

        var export = new QueuedExport(batch);
        if (!_channel.Writer.TryWrite(export))
        {
            Interlocked.Add(ref _queuedSpans, -spans);
            return null;
        }

        return export.Committed.Task;
    }

    /// <summary>Called by the writer once a batch left the queue (committed or failed).</summary>
    public void Release(NormalizedBatch batch) => Interlocked.Add(ref _queuedSpans, -batch.AcceptedSpanCount);

    public void Complete() => _channel.Writer.TryComplete();
}

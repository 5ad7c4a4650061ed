using System.Threading.Channels;
using CostWatch.Core.Ingest;
using CostWatch.Core.Records;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Attribution;

/// <summary>
/// Traces whose pending calls may have become resolvable because new spans of theirs were just committed.
/// A pending call can only change when a span of its own trace arrives, so re-checking those traces right
/// after each commit finds every late ancestor without scanning all pending calls. The queue is bounded; what
/// does not fit is settled by the periodic sweep, which also covers a crash between commit and re-check.
/// </summary>
internal sealed class AttributionQueue(ILogger<AttributionQueue> logger)
{
    /// <summary>Commits' trace sets held at most: about seven seconds of the ingest benchmark's load.</summary>
    public const int Capacity = 1024;

    // Wait, not DropWrite: with DropWrite a write into a full channel drops the entry and still reports success,
    // so a full queue went unnoticed. TryWrite never waits in either mode; with Wait it says when it could not write.
    private readonly Channel<IReadOnlyCollection<Guid>> _channel = Channel.CreateBounded<IReadOnlyCollection<Guid>>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>1 while writes are being refused: the warning is logged once per spell, not once per commit.</summary>
    private int _full;

    public ChannelReader<IReadOnlyCollection<Guid>> Reader => _channel.Reader;

    public void Enqueue(IReadOnlyList<NormalizedBatch> batches)
    {
        var traces = new HashSet<Guid>();
        foreach (var batch in batches)
        {
            // A call left pending may be resolved by a span that is already stored or that arrives later;
            // a run or link may complete calls stored earlier. Calls attributed in-batch need nothing.
            foreach (var call in batch.Calls)
            {
                if (call.Attribution == AttributionState.Pending)
                {
                    traces.Add(call.TraceId);
                }
            }

            foreach (var run in batch.AgentRuns)
            {
                traces.Add(run.TraceId);
            }

            foreach (var link in batch.Links)
            {
                traces.Add(link.TraceId);
            }
        }

        if (traces.Count == 0)
        {
            return;
        }

        if (_channel.Writer.TryWrite(traces))
        {
            Volatile.Write(ref _full, 0);
        }
        else if (Interlocked.Exchange(ref _full, 1) == 0)
        {
            Log.AttributionQueueFull(logger);
        }
    }

    public void Complete() => _channel.Writer.TryComplete();
}

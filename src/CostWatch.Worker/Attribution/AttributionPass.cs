using CostWatch.Core.Attribution;
using CostWatch.Storage;

namespace CostWatch.Worker.Attribution;

/// <summary>
/// Resolves stored pending calls against the spans their traces have so far. Safe to run concurrently on
/// several replicas: the outcome depends only on stored data, and updates only touch calls still pending.
/// </summary>
internal sealed class AttributionPass(ITelemetryStore store)
{
    /// <summary>Re-checks the pending calls of these traces; settles those past <paramref name="settleBefore"/>.</summary>
    public async Task<int> ResolveTracesAsync(IReadOnlyCollection<Guid> traceIds, DateTime settleBefore,
        CancellationToken cancellationToken)
    {
        var pending = await store.GetPendingCallsAsync(traceIds, cancellationToken);
        return await ResolveAsync(pending, settleBefore, cancellationToken);
    }

    /// <summary>Settles pending calls received at or before <paramref name="settleBefore"/>, a page at a time.</summary>
    public async Task<int> SettleAsync(DateTime settleBefore, int pageSize, CancellationToken cancellationToken)
    {
        var settled = 0;
        while (true)
        {
            var pending = await store.GetPendingCallsReceivedBeforeAsync(settleBefore, pageSize, cancellationToken);
            if (pending.Count == 0)
            {
                return settled;
            }

            var resolved = await ResolveAsync(pending, settleBefore, cancellationToken);
            settled += resolved;
            if (resolved == 0)
            {
                // Another replica settled them between our read and our update.
                return settled;
            }
        }
    }

    private async Task<int> ResolveAsync(IReadOnlyList<PendingCall> pending, DateTime settleBefore,
        CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return 0;
        }

        var graphs = await store.GetTraceGraphsAsync(pending.Select(p => p.TraceId).ToHashSet(), cancellationToken);
        var updates = new List<AttributionUpdate>();
        foreach (var call in pending)
        {
            var graph = graphs.TryGetValue(call.TraceId, out var g) ? g : [];
            var result = AttributionResolver.Resolve(call.Input, graph, settled: call.ReceivedAt <= settleBefore);
            if (result.IsComplete)
            {
                updates.Add(new AttributionUpdate(call.Kind, call.TraceId, call.SpanId, call.ReceivedAt, result));
            }
        }

        return await store.ApplyAttributionAsync(updates, cancellationToken);
    }
}

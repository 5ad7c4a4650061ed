using CostWatch.Worker.Ingest;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Attribution;

/// <summary>Re-checks the traces the writer just committed, in the background, so ingest never waits for it.</summary>
internal sealed class AttributionWorker(
    AttributionQueue queue,
    AttributionPass pass,
    TimeProvider time,
    IOptions<IngestOptions> options,
    CostWatchMetrics metrics,
    ILogger<AttributionWorker> logger) : BackgroundService
{
    /// <summary>
    /// How long a pass waits for more commits to join it. Under load this turns a pass per commit (hundreds a
    /// second, each a query the store must answer beside the ingest) into one a second; a late run is still found
    /// within about a second, long before the rollup job (every 10 s) needs it. Each pass that attributes anything
    /// is a write transaction of its own: on SQLite it holds the one write lock through an fsync that ingest waits
    /// for, so at 250 ms passes took about a seventh of the writer's time under the ingest benchmark's load.
    /// </summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(1);

    /// <summary>Traces one pass takes at most; the rest wait for the next pass.</summary>
    public const int MaxTracesPerPass = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settlePeriod = options.Value.SettlePeriod;
        var traces = new HashSet<Guid>();
        var behind = false;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // A full pass that left traces queued was behind: the next starts at once. Waiting a second before
                // each pass of at most 10,000 traces capped attribution at under 10,000 traces a second, which a load
                // of about 100,000 spans a second exceeds; the queue then filled and its traces waited for the sweep.
                // A pass that was not full waits as before, however many commits arrive while it runs (under a
                // steady load some always do): coalescing them is what the delay is for.
                if (!behind)
                {
                    await Task.Delay(Coalesce, time, stoppingToken);
                }

                traces.Clear();
                while (traces.Count < MaxTracesPerPass && queue.Reader.TryRead(out var more))
                {
                    traces.UnionWith(more);
                }

                behind = traces.Count >= MaxTracesPerPass && queue.Reader.TryPeek(out _);

                try
                {
                    var resolved = await pass.ResolveTracesAsync(traces, time.GetUtcNow().UtcDateTime - settlePeriod,
                        stoppingToken);
                    Log.AttributionPass(logger, resolved, traces.Count);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The calls stay pending in the store; the settle sweep resolves them later.
                    metrics.StoreErrors.Add(1, new KeyValuePair<string, object?>("operation", "attribution"));
                    Log.AttributionFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is still queued is settled by the sweep after the next start.
        }
    }
}

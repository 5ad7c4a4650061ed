using System.Diagnostics;
using CostWatch.Benchmarks.Stores;

namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// Samples the rollup lag from the database while the load runs, on a connection of its own. The lag includes
/// the one to two job intervals a record waits by design (docs/rollups.md); bounded means it does not grow.
/// </summary>
internal sealed class RollupLagSampler(StoreServer server, string connectionString)
{
    // Each sample reads every record stored since the last rollup pass (up to two job intervals of the load): on
    // PostgreSQL ~300 ms of a server core at 100k spans/s, a load the ceiling does not carry. Every 5 s still
    // samples each 10 s rollup interval twice.
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(60);

    private readonly List<double> _samples = [];

    public async Task SampleUntilAsync(Task load, CancellationToken cancellationToken)
    {
        while (!load.IsCompleted)
        {
            var delay = Task.Delay(SampleEvery, cancellationToken);
            await Task.WhenAny(load, delay);
            if (!load.IsCompleted)
            {
                _samples.Add(await LagSecondsAsync(cancellationToken));
            }
        }
    }

    /// <summary>After the load: waits until nothing final is left to roll up.</summary>
    public async Task<RollupLag> CatchUpAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var lag = await LagSecondsAsync(cancellationToken);
        while (lag > 0 && waited.Elapsed < CatchUpWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            lag = await LagSecondsAsync(cancellationToken);
        }

        return new RollupLag(_samples.Count, _samples.DefaultIfEmpty(0).Max(), _samples.LastOrDefault(),
            lag > 0 ? null : waited.Elapsed, waited.Elapsed);
    }

    private async Task<double> LagSecondsAsync(CancellationToken cancellationToken)
    {
        var oldest = await server.OldestUnrolledRecordAsync(connectionString, cancellationToken);
        return oldest is { } received ? Math.Max(0, (DateTime.UtcNow - received).TotalSeconds) : 0;
    }
}

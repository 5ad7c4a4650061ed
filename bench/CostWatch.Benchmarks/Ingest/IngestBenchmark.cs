using System.Diagnostics;
using CostWatch.Benchmarks.Ceiling;
using CostWatch.Benchmarks.Payload;
using CostWatch.Benchmarks.Processes;
using CostWatch.Benchmarks.Stores;

namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// One ingest run: a fresh database, the worker in its own process, warm-up then measured load, the worker's
/// peak memory and where the CPU went, how long attribution and the rollup job needed to catch up, then the store's ceiling.
/// </summary>
internal static class IngestBenchmark
{
    private static readonly TimeSpan AttributionWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<IngestResult> RunAsync(StoreServer server, TemplateSet templates, TimeSpan warmup,
        TimeSpan measured, TextWriter progress, CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(cancellationToken);
        var workingDirectory = Directory.CreateTempSubdirectory("costwatch-bench-worker-").FullName;
        LoadResult load;
        double? peakRss;
        double maxSampledRss;
        CpuUsage cpu;
        AttributionCatchUp attribution;
        RollupLag rollupLag;
        long stored;
        RollupLagSampler sampler;
        (int Count, string Last) output;
        try
        {
            progress.WriteLine($"ingest {server.DisplayName}: starting the worker");
            await using var worker = await WorkerUnderTest.StartAsync(server.Provider.ToString(), connectionString,
                workingDirectory, cancellationToken);
            await using (var memory = new MemorySampler(worker.ProcessId))
            {
                var meter = new CpuMeter(worker.ProcessId, await server.ServerParentProcessIdAsync(cancellationToken));
                var generator = new LoadGenerator(templates, run: (uint)Random.Shared.Next());
                await server.CheckpointAsync(cancellationToken);
                var measureFrom = Stopwatch.GetTimestamp() + Ticks(warmup);
                var measureTo = measureFrom + Ticks(measured);
                progress.WriteLine($"ingest {server.DisplayName}: {templates.Clients} clients, {warmup.TotalSeconds:0} s warm-up, {measured.TotalSeconds:0} s measured");
                var running = generator.RunAsync(worker.HttpUrl, measureFrom, measureTo, cancellationToken);
                var lagSampler = new RollupLagSampler(server, connectionString, worker.HttpUrl);
                var sampling = lagSampler.SampleUntilAsync(running, cancellationToken);

                await DelayUntilAsync(measureFrom, cancellationToken);
                meter.Start();
                await DelayUntilAsync(measureTo, cancellationToken);
                cpu = meter.Stop();
                load = await running;
                await sampling;
                sampler = lagSampler;
                // Read at the end of the measured run, before the attribution wait and the shutdown.
                peakRss = memory.HighWaterMarkMb();
                maxSampledRss = memory.MaxSampledRssMb;
            }

            progress.WriteLine($"ingest {server.DisplayName}: {load.SpansPerSecond:N0} spans/s, {load.ErrorCount} errors; waiting for attribution");
            attribution = await WaitForAttributionAsync(server, connectionString, load.CallsWhoseRunWasNeverSent, cancellationToken);
            progress.WriteLine($"ingest {server.DisplayName}: waiting for the rollup job to catch up");
            rollupLag = await sampler.CatchUpAsync(cancellationToken);
            stored = await server.CountSpansAsync(connectionString, cancellationToken);
            output = worker.Output;
        }
        finally
        {
            TryDelete(workingDirectory);
            // Before the ceiling: its variants must not share the server with autovacuum working through this one.
            await server.DropDatabaseAsync(connectionString, CancellationToken.None);
        }

        // As many spans as the worker acknowledged in the measured window (at least one round of exports).
        var ceilingSpans = Math.Max(load.MeasuredSpans, (long)templates.BatchSize * templates.Clients);
        var ceiling = await CeilingBenchmark.RunAsync(server, templates, ceilingSpans, load.WarmupSpans, progress,
            cancellationToken);
        return new IngestResult(server.DisplayName, load, peakRss, maxSampledRss, cpu, attribution, rollupLag, stored, output.Count,
            output.Last, ceiling);
    }

    private static async Task<AttributionCatchUp> WaitForAttributionAsync(StoreServer server, string connectionString,
        long unresolvable, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var atStop = await server.CountPendingCallsAsync(connectionString, cancellationToken);
        var pending = atStop;
        while (pending > unresolvable && waited.Elapsed < AttributionWait)
        {
            await Task.Delay(PollInterval, cancellationToken);
            pending = await server.CountPendingCallsAsync(connectionString, cancellationToken);
        }

        return new AttributionCatchUp(atStop, pending, unresolvable, pending <= unresolvable ? waited.Elapsed : null,
            waited.Elapsed);
    }

    private static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {e.Message}");
        }
    }
}

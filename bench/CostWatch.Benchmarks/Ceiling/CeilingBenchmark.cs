using System.Diagnostics;
using CostWatch.Benchmarks.Payload;
using CostWatch.Benchmarks.Processes;
using CostWatch.Benchmarks.Stores;
using CostWatch.Core.Ingest;
using CostWatch.Storage;
using CostWatch.Storage.Postgres;
using CostWatch.Worker.Ingest.Otlp;
using Npgsql;

namespace CostWatch.Benchmarks.Ceiling;

/// <summary>
/// What the store itself can take: the same kind of records, as many spans as the worker acknowledged, decoded
/// and normalised beforehand (not timed), then written straight into a fresh migrated store by its fastest bulk
/// path: PostgreSQL binary COPY (<c>PostgresTelemetryStore.CopyRowsAsync</c>), SQLite prepared inserts in one
/// transaction (<c>WriteAsync</c>). Several exports per transaction are tried, as the worker's group commit
/// does, and on PostgreSQL two writers side by side, as the worker may run; the fastest is the ceiling.
/// </summary>
internal static class CeilingBenchmark
{
    private const int WarmupExports = 8;

    // One export per transaction is the floor, 16 what a group commit reaches under load; SQLite has one write
    // lock, so a second writer would only wait for it. Few variants: each writes every acknowledged span again.
    // PostgreSQL's 3 × 1 is the worker's own shape (three writers, about one export per group with four clients):
    // set against 2 × 16, it shows what small transactions cost, apart from what the ingest service adds.
    private static readonly (int Writers, int Exports)[] PostgresVariants = [(1, 1), (3, 1), (1, 16), (2, 16)];
    private static readonly (int Writers, int Exports)[] SqliteVariants = [(1, 1), (1, 16)];

    public static async Task<CeilingResult> RunAsync(StoreServer server, TemplateSet templates, long spans,
        long storedBefore, TextWriter progress, CancellationToken cancellationToken)
    {
        var batches = Normalize(templates, storedBefore + spans);
        var preloadCount = 0;
        for (long preloaded = 0; preloaded < storedBefore && preloadCount < batches.Count - 1; preloadCount++)
        {
            preloaded += batches[preloadCount].AcceptedSpanCount;
        }

        var preload = Groups(batches.Take(preloadCount).ToList(), 16);
        var timed = batches.Skip(preloadCount).ToList();
        var total = timed.Sum(b => (long)b.AcceptedSpanCount);

        // JIT and connection set-up, on a store of its own so every timed variant starts from the same preloaded one.
        await WriteAllAsync(server, [], Groups(timed.Take(WarmupExports).ToList(), 4), 2, cancellationToken);

        var variants = new List<CeilingVariant>();
        foreach (var (writers, exports) in server.Provider == StorageProvider.Postgres ? PostgresVariants : SqliteVariants)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var (elapsed, cpu) = await WriteAllAsync(server, preload, Groups(timed, exports), writers, cancellationToken);
            var variant = new CeilingVariant(writers, exports, total, elapsed, cpu);
            variants.Add(variant);
            progress.WriteLine($"ceiling {server.DisplayName}: {variant.Name}: {variant.SpansPerSecond:N0} spans/s, " +
                               $"client {variant.ClientMicrosecondsPerSpan:0.00} µs/span, server {variant.ServerMicrosecondsPerSpan:0.00} µs/span");
        }

        return new CeilingResult(server.Provider == StorageProvider.Postgres
            ? "binary COPY (`CopyRowsAsync`), one transaction per group"
            : "prepared inserts in one transaction per group (`WriteAsync`)", variants,
            preload.Sum(g => g.Sum(b => (long)b.AcceptedSpanCount)));
    }

    /// <summary>Exports like the ones sent, with their own trace ids, through the worker's decoder and normaliser.</summary>
    private static List<NormalizedBatch> Normalize(TemplateSet templates, long spans)
    {
        var limits = new IngestLimits();
        var exports = (int)Math.Ceiling(spans / (double)templates.BatchSize);
        var buffer = new byte[templates.MaxLength];
        var batches = new List<NormalizedBatch>(exports);
        for (var i = 0; i < exports; i++)
        {
            var client = i % templates.Clients;
            var sequence = templates.For(client);
            var send = i / templates.Clients;
            var template = sequence[send % sequence.Count];
            template.Stamp(buffer, run: 0xCE111, client, send / sequence.Count);
            var normalizer = new SpanNormalizer(limits, DateTime.UtcNow);
            OtlpProtobufDecoder.Decode(buffer.AsSpan(0, template.Length), normalizer);
            batches.Add(normalizer.Complete());
        }

        return batches;
    }

    private static List<List<NormalizedBatch>> Groups(List<NormalizedBatch> batches, int size) =>
        batches.Chunk(size).Select(chunk => chunk.ToList()).ToList();

    private static async Task<(TimeSpan Elapsed, CpuUsage Cpu)> WriteAllAsync(StoreServer server, List<List<NormalizedBatch>> preload,
        List<List<NormalizedBatch>> groups, int writers, CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(cancellationToken);
        // Turns a group into its write. Deduplication is the caller's part of a write: on PostgreSQL it is done
        // here, before timing, and only the COPY itself is timed.
        Func<List<NormalizedBatch>, Func<Task<long>>> prepare;
        IAsyncDisposable? disposable = null;
        if (server.Provider == StorageProvider.Postgres)
        {
            var store = new PostgresTelemetryStore(NpgsqlDataSource.Create(connectionString));
            disposable = store;
            await store.MigrateAsync(cancellationToken);
            prepare = group =>
            {
                var rows = DeduplicatedRows.From(group);
                return async () => await store.CopyRowsAsync(rows, cancellationToken);
            };
        }
        else
        {
            var store = TelemetryStoreFactory.Create(StorageProvider.Sqlite, connectionString);
            await store.MigrateAsync(cancellationToken);
            prepare = group => async () => (await store.WriteAsync(group, cancellationToken)).Inserted;
        }

        try
        {
            // As in the worker's run: a checkpoint, the records stored during its warm-up (not timed), then the
            // measured records on top of them.
            await server.CheckpointAsync(cancellationToken);
            foreach (var group in preload)
            {
                await prepare(group)();
            }

            var writes = groups.Select(prepare).ToList();
            var next = -1;
            // This process is the store's client here: its CPU is what the worker's writing costs at best.
            var meter = new CpuMeter(Environment.ProcessId, await server.ServerParentProcessIdAsync(cancellationToken));
            meter.Start();
            var started = Stopwatch.GetTimestamp();
            // Each writer takes the next group when its previous commit is done, like the worker's writers.
            var written = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                long count = 0;
                int i;
                while ((i = Interlocked.Increment(ref next)) < writes.Count)
                {
                    count += await writes[i]();
                }

                return count;
            }, cancellationToken)));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpu = meter.Stop();

            var expected = groups.Sum(g => g.Sum(b => (long)b.AcceptedSpanCount));
            return written.Sum() == expected
                ? (elapsed, cpu)
                : throw new InvalidOperationException($"the store wrote {written.Sum()} spans of {expected}");
        }
        finally
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }

            await server.DropDatabaseAsync(connectionString, CancellationToken.None);
        }
    }
}

using System.Diagnostics;
using CostWatch.Benchmarks.Payload;
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
    private static readonly (int Writers, int Exports)[] PostgresVariants = [(1, 1), (1, 16), (2, 16)];
    private static readonly (int Writers, int Exports)[] SqliteVariants = [(1, 1), (1, 16)];

    public static async Task<CeilingResult> RunAsync(StoreServer server, TemplateSet templates, long spans,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var batches = Normalize(templates, spans);
        var total = batches.Sum(b => (long)b.AcceptedSpanCount);

        // JIT and connection set-up, on a store of its own so every timed variant starts from an empty one.
        await WriteAllAsync(server, Groups(batches.Take(WarmupExports).ToList(), 4), 2, cancellationToken);

        var variants = new List<CeilingVariant>();
        foreach (var (writers, exports) in server.Provider == StorageProvider.Postgres ? PostgresVariants : SqliteVariants)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var elapsed = await WriteAllAsync(server, Groups(batches, exports), writers, cancellationToken);
            var variant = new CeilingVariant(writers, exports, total, elapsed);
            variants.Add(variant);
            progress.WriteLine($"ceiling {server.DisplayName}: {variant.Name}: {variant.SpansPerSecond:N0} spans/s");
        }

        return new CeilingResult(server.Provider == StorageProvider.Postgres
            ? "binary COPY (`CopyRowsAsync`), one transaction per group"
            : "prepared inserts in one transaction per group (`WriteAsync`)", variants);
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

    private static async Task<TimeSpan> WriteAllAsync(StoreServer server, List<List<NormalizedBatch>> groups, int writers,
        CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(cancellationToken);
        Func<int, Task<long>> write;
        IAsyncDisposable? disposable = null;
        if (server.Provider == StorageProvider.Postgres)
        {
            var store = new PostgresTelemetryStore(NpgsqlDataSource.Create(connectionString));
            disposable = store;
            await store.MigrateAsync(cancellationToken);
            // Deduplication is the caller's part of a write; only the COPY itself is timed.
            var rows = groups.Select(DeduplicatedRows.From).ToList();
            write = async i => await store.CopyRowsAsync(rows[i], cancellationToken);
        }
        else
        {
            var store = TelemetryStoreFactory.Create(StorageProvider.Sqlite, connectionString);
            await store.MigrateAsync(cancellationToken);
            write = async i => (await store.WriteAsync(groups[i], cancellationToken)).Inserted;
        }

        try
        {
            await server.CheckpointAsync(cancellationToken);
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            // Each writer takes the next group when its previous commit is done, like the worker's writers.
            var written = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                long count = 0;
                int i;
                while ((i = Interlocked.Increment(ref next)) < groups.Count)
                {
                    count += await write(i);
                }

                return count;
            }, cancellationToken)));
            var elapsed = Stopwatch.GetElapsedTime(started);

            var expected = groups.Sum(g => g.Sum(b => (long)b.AcceptedSpanCount));
            return written.Sum() == expected
                ? elapsed
                : throw new InvalidOperationException($"the store wrote {written.Sum()} spans of {expected}");
        }
        finally
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}

using System.Globalization;
using CostWatch.Benchmarks.Ingest;
using CostWatch.Benchmarks.Stores;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport.Alerting;

namespace CostWatch.Benchmarks.Notify;

/// <summary>
/// Notifications under load: the worker binary with one webhook receiver (in this process, answering at once),
/// alerts grouped one per notice and no group wait, and state changes written to the outbox at a steady rate
/// (<c>--rate</c> per minute) through the alert engine's own write path: alerts fire, and each resolves about 10 s
/// later. Every change must arrive exactly once; the latency of each is from the change's time to its arrival.
/// </summary>
internal static class NotifyBenchmark
{
    /// <summary>How long an alert fires before it resolves: well past a delivery, so each change is a notice of its own.</summary>
    private static readonly TimeSpan FiringFor = TimeSpan.FromSeconds(10);

    /// <summary>How long the run waits, after the last change, for its notices.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    public static async Task<NotifyResult> RunAsync(StoreServer server, BenchmarkOptions options, TextWriter progress,
        CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(cancellationToken);
        var store = TelemetryStoreFactory.Create(server.Provider, connectionString);
        await store.MigrateAsync(cancellationToken);
        await using var receiver = await NotifyReceiver.StartAsync();
        var workingDirectory = Directory.CreateTempSubdirectory("costwatch-bench-notify-").FullName;
        try
        {
            await using var worker = await WorkerUnderTest.StartAsync(server.Provider.ToString(), connectionString, workingDirectory,
                cancellationToken,
                [
                    "--CostWatch:Notifications:GroupBy:0=...",
                    "--CostWatch:Notifications:GroupWait=00:00:00",
                    "--CostWatch:Notifications:GroupInterval=00:00:01",
                    "--CostWatch:Notifications:RepeatInterval=1.00:00:00",
                    "--CostWatch:Notifications:Receivers:bench:Type=Webhook",
                    $"--CostWatch:Notifications:Receivers:bench:Url={receiver.Url}",
                    "--CostWatch:Notifications:Receivers:bench:Secret=benchmark-secret",
                ]);
            progress.WriteLine($"notify {server.DisplayName}: {options.Rate} state changes per minute for {options.Seconds} s");
            var memory = new List<(double, double)>();
            using var sampling = new CancellationTokenSource();
            var sampler = SampleMemoryAsync(worker.ProcessId, memory, sampling.Token);
            var changes = await WriteChangesAsync((IAlertStore)store, options, cancellationToken);

            var deadline = DateTime.UtcNow + Drain;
            while (Notified(receiver, changes) < changes.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }

            await sampling.CancelAsync();
            await sampler;
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            return Result(server.DisplayName, options, receiver.Arrivals, changes, memory);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>Writes one change per tick, a new alert or the resolution of one that fired <see cref="FiringFor"/> ago.</summary>
    private static async Task<Dictionary<(string, string), DateTime>> WriteChangesAsync(IAlertStore store, BenchmarkOptions options,
        CancellationToken cancellationToken)
    {
        var changes = new Dictionary<(string Fingerprint, string Status), DateTime>();
        var firing = new Queue<AlertEvent>();
        var end = DateTime.UtcNow.AddSeconds(options.Seconds);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1) / options.Rate);
        for (var i = 0; DateTime.UtcNow < end && await timer.WaitForNextTickAsync(cancellationToken); i++)
        {
            var now = DateTime.UtcNow;
            AlertEvent change;
            if (firing.TryPeek(out var oldest) && now - oldest.CreatedAt >= FiringFor)
            {
                firing.Dequeue();
                change = oldest with { CreatedAt = now, Status = AlertEvent.Resolved, EndsAt = now, Reason = AlertReasons.ConditionCleared };
            }
            else
            {
                var labels = AlertLabels.For("BenchmarkAlert", "warning", [new("agent", $"agent-{i.ToString("D6", CultureInfo.InvariantCulture)}")]);
                change = new AlertEvent(now, labels.Fingerprint, "BenchmarkAlert", "warning", AlertEvent.Firing, labels,
                    new Dictionary<string, string> { ["summary"] = "benchmark" }, 12.5m, 10m, now, null, null);
                firing.Enqueue(change);
            }

            await OutboxWriter.WriteAsync(store, now, [change], cancellationToken);
            changes[(change.Fingerprint, change.Status)] = now;
        }

        return changes;
    }

    private static int Notified(NotifyReceiver receiver, Dictionary<(string, string), DateTime> changes) =>
        receiver.Arrivals.Select(a => (a.Fingerprint, a.Status)).Distinct().Count(changes.ContainsKey);

    private static NotifyResult Result(string store, BenchmarkOptions options,
        IReadOnlyList<(DateTime Arrived, string DeliveryId, string Fingerprint, string Status)> arrivals,
        Dictionary<(string, string), DateTime> changes, List<(double, double)> memory)
    {
        var first = arrivals.GroupBy(a => (a.Fingerprint, a.Status)).ToDictionary(g => g.Key, g => g.Min(a => a.Arrived));
        var latencies = changes.Where(c => first.ContainsKey(c.Key)).Select(c => (first[c.Key] - c.Value).TotalMilliseconds).ToList();
        var duplicates = arrivals.GroupBy(a => (a.Fingerprint, a.Status)).Sum(g => g.Count() - 1);
        return new NotifyResult(store, options.Rate, TimeSpan.FromSeconds(options.Seconds), changes.Count,
            arrivals.Select(a => a.DeliveryId).Distinct().Count(), duplicates, changes.Keys.Count(k => !first.ContainsKey(k)), latencies,
            memory);
    }

    private static async Task SampleMemoryAsync(int pid, List<(double, double)> into, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (line is not null)
                {
                    var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    into.Add(((DateTime.UtcNow - started).TotalSeconds, kb / 1024.0));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}

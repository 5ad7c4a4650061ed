using System.Diagnostics;
using System.Globalization;
using CostWatch.Benchmarks.Stores;
using CostWatch.Core.Rollups;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// One evaluation of every alert rule (<see cref="FleetAlertRules"/>) over the alert samples of a fleet's last 15
/// minutes (<see cref="AlertFleetSeed"/>), through <see cref="AlertEvaluator.EvaluateAsync"/> of a worker host built in
/// this process exactly as <c>Program</c> builds it (not started: no jobs, no listeners, nothing else running). The
/// first round is checked against the alerts the seed must raise; then every measured round judges the same samples at
/// the same time over the instances the first round wrote, interleaved with the two ceilings of
/// <see cref="AlertCeilings"/>.
/// </summary>
internal static class AlertBenchmark
{
    public static async Task<AlertResult> RunAsync(StoreServer server, BenchmarkOptions options, TextWriter progress,
        CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(cancellationToken);
        var store = TelemetryStoreFactory.Create(server.Provider, connectionString);
        await store.MigrateAsync(cancellationToken);
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        // Noon of today (UTC): the 15 minutes seeded lie inside today's budget period.
        var now = DateTime.UtcNow.Date.AddHours(12).AddSeconds(5);
        var seeded = $"{options.FleetAgents:N0} agents, {options.Tools} tools, {options.Runs:N0} runs and {options.Calls:N0} calls received in the 15 minutes before the round";
        progress.WriteLine($"alerts {server.DisplayName}: generating {seeded}");
        var generating = Stopwatch.StartNew();
        var seed = AlertFleetSeed.Generate(now, options.FleetAgents, options.Tools, options.Runs, options.Calls);
        generating.Stop();
        var expected = seed.Truth.ExpectedAlerts(now);

        progress.WriteLine($"alerts {server.DisplayName}: {seed.LlmCalls:N0} LLM and {seed.ToolCalls:N0} tool calls generated in {generating.Elapsed.TotalSeconds:0} s; writing the sample rows");
        var writing = Stopwatch.StartNew();
        var rows = await WriteAsync(server.Provider, connectionString, seed, cancellationToken);
        writing.Stop();
        progress.WriteLine($"alerts {server.DisplayName}: {rows.Sum(r => r.Rows):N0} rows written in {writing.Elapsed.TotalSeconds:0} s; {options.Evaluations} measured rounds");

        var clock = new BenchmarkClock(now - TimeSpan.FromHours(1));
        await using var app = CostWatchApp.Build(
        [
            $"--CostWatch:Storage:Provider={server.Provider}",
            $"--ConnectionStrings:CostWatch={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            // stdout carries the report.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ], builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            builder.Services.Replace(ServiceDescriptor.Singleton<IAlertRulesSource>(new StaticAlertRulesSource(FleetAlertRules.Set)));
        });
        // Created while the clock stands an hour early: trace loss judges from the first round on, as in a worker
        // that has been up for a while.
        var evaluator = app.Services.GetRequiredService<AlertEvaluator>();
        clock.Now = now;
        var ceilings = new AlertCeilings(app.Services.GetRequiredService<IAlertStore>(), server.Provider, connectionString,
            FleetAlertRules.Set);

        var firstRound = await EvaluateAsync(evaluator, server.Provider, connectionString, cancellationToken);
        var check = await CheckAsync(server.Provider, connectionString, expected);
        progress.WriteLine($"alerts {server.DisplayName}: first round {firstRound:0} ms, {check}");

        // One warm-up of each, then the measured rounds, each phase in turn so that all share the same conditions.
        await EvaluateAsync(evaluator, server.Provider, connectionString, cancellationToken);
        await ceilings.ReadAsync(now, cancellationToken);
        await ceilings.ScanAsync(now, cancellationToken);
        var evaluations = new List<double>();
        var reads = new List<double>();
        var readsByRule = FleetAlertRules.Set.Rules.Select(_ => new List<double>()).ToList();
        var scans = new List<double>();
        for (var i = 0; i < options.Evaluations; i++)
        {
            evaluations.Add(await EvaluateAsync(evaluator, server.Provider, connectionString, cancellationToken));
            var ruleReads = await ceilings.ReadAsync(now, cancellationToken);
            reads.Add(ruleReads.Sum());
            for (var r = 0; r < ruleReads.Count; r++)
            {
                readsByRule[r].Add(ruleReads[r]);
            }

            scans.Add(await ceilings.ScanAsync(now, cancellationToken));
        }

        return new AlertResult(server.DisplayName, seeded, rows, generating.Elapsed, writing.Elapsed, firstRound, evaluations,
            reads, scans, FleetAlertRules.Set.Rules.Select((rule, r) => (rule.Name, Statistics.Median(readsByRule[r]))).ToList(),
            check);
    }

    /// <summary>
    /// One round, timed. The store runs one round per half interval (replicas share it), so before each the last
    /// round's time is rewound (not timed): every round then judges the same samples at the same time.
    /// </summary>
    private static async Task<double> EvaluateAsync(AlertEvaluator evaluator, StorageProvider provider, string connectionString,
        CancellationToken cancellationToken)
    {
        await SqlQuery.RowsAsync(provider, connectionString, "UPDATE alert_evaluation SET last_round = 0 WHERE id = 1");
        var started = Stopwatch.GetTimestamp();
        var ran = await evaluator.EvaluateAsync(cancellationToken);
        var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return ran ? took : throw new InvalidOperationException("the evaluation round did not run (see the worker's log on stderr)");
    }

    /// <summary>The open alerts per rule after the first round must be those the seed's raw records call for.</summary>
    private static async Task<string> CheckAsync(StorageProvider provider, string connectionString, Dictionary<string, int> expected)
    {
        var open = (await SqlQuery.RowsAsync(provider, connectionString,
                "SELECT rule, COUNT(*) FROM alert_instances WHERE state IN (1, 2) GROUP BY rule"))
            .ToDictionary(r => (string)r[0], r => Convert.ToInt32(r[1], CultureInfo.InvariantCulture));
        var described = string.Join(", ", expected.Select(e => $"{e.Key} {open.GetValueOrDefault(e.Key)}"));
        if (expected.Any(e => open.GetValueOrDefault(e.Key) != e.Value) || open.Keys.Any(rule => !expected.ContainsKey(rule)))
        {
            throw new InvalidOperationException(
                $"the first round opened {string.Join(", ", open.Select(o => $"{o.Key} {o.Value}"))}; the seed calls for {described}");
        }

        return $"open alerts as the raw records call for: {described}";
    }

    /// <summary>Stable: rows of one minute keep the order they were first seen in.</summary>
    private static List<KeyValuePair<TKey, TTotals>> InMinuteOrder<TKey, TTotals>(IReadOnlyDictionary<TKey, TTotals> rows,
        Func<TKey, long> minute) where TKey : notnull => rows.OrderBy(r => minute(r.Key)).ToList();

    private static async Task<List<(string Table, long Rows)>> WriteAsync(StorageProvider provider, string connectionString,
        AlertFleetSeed seed, CancellationToken cancellationToken)
    {
        // In minute order, as the rollup passes insert them (rows first seen in a later minute come later), so the
        // tables' physical order is the one a running worker leaves.
        var samples = seed.Samples;
        var rows = new List<(string, long)>
        {
            (AlertSampleTables.RunIterations.Table, await SampleRowWriter.WriteAsync(provider, connectionString, AlertSampleTables.RunIterations,
                InMinuteOrder(samples.RunIterations, k => k.BucketStart), cancellationToken)),
            (AlertSampleTables.RunDurations.Table, await SampleRowWriter.WriteAsync(provider, connectionString, AlertSampleTables.RunDurations,
                InMinuteOrder(samples.RunDurations, k => k.BucketStart), cancellationToken)),
            (AlertSampleTables.ToolCalls.Table, await SampleRowWriter.WriteAsync(provider, connectionString, AlertSampleTables.ToolCalls,
                InMinuteOrder(samples.ToolCalls, k => k.BucketStart), cancellationToken)),
            (AlertSampleTables.LlmCalls.Table, await SampleRowWriter.WriteAsync(provider, connectionString, AlertSampleTables.LlmCalls,
                InMinuteOrder(samples.LlmCalls, k => k.BucketStart), cancellationToken)),
            (AlertSampleTables.Agents.Table, await SampleRowWriter.WriteAsync(provider, connectionString, AlertSampleTables.Agents,
                samples.Agents, cancellationToken)),
            (RollupTables.LlmCalls.Table, await SampleRowWriter.WriteAsync(provider, connectionString, RollupTables.LlmCalls,
                InMinuteOrder(seed.Rollups.LlmCalls, k => k.Resolution == RollupResolution.Minute ? k.BucketStart : 0), cancellationToken)),
        };
        if (provider == StorageProvider.Postgres)
        {
            // Autovacuum analyzes tables this size soon after a bulk load; measure that steady state.
            foreach (var (table, _) in rows)
            {
                await SqlQuery.RowsAsync(provider, connectionString, $"ANALYZE {table}");
            }
        }

        return rows;
    }
}

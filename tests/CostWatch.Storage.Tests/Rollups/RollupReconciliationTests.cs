using System.Collections.Concurrent;
using System.Globalization;
using CostWatch.Core.Alerting.Samples;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.Rollups;

public sealed class RollupReconciliationTests
{
    [Theory]
    [StoreProviders]
    public Task Rollups_AfterLateArrivalsDuplicatesLateAttributionAndRepricing_EqualTheRawRecordsExactly(
        StorageProvider provider) =>
        ReconcileAsync(provider, store => store.RollUpAsync(null, RollupBounds.Unbounded, CancellationToken.None));

    /// <summary>
    /// The same with passes of at most 20 records: windows end between a run and calls attributed to it later, and
    /// between calls and their run, and windows that hold more are given up and taken narrower.
    /// </summary>
    [Theory]
    [StoreProviders]
    public async Task Rollups_TakenInBoundedPasses_EqualTheRawRecordsExactly(StorageProvider provider)
    {
        var passes = new NarrowingPasses(maxRecords: 20);
        await ReconcileAsync(provider, passes.RollUpAsync);
        Assert.True(passes.GivenUp > 0, "no window was given up as too large");
        Assert.True(passes.EndedShort > 0, "no window ended before what was ready");
    }

    private static async Task ReconcileAsync(StorageProvider provider, Func<IRollupStore, Task<RollupPass>> rollUp)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var replicas = new[] { test.Store, test.NewInstance() };
        var workload = new RollupWorkload(seed: 20261124, traces: 60);
        var random = new Random(7);

        // Records arrive shuffled (children before parents, days out of order) in batches of random size;
        // a quarter of the batches are delivered a second time, as retried exports are.
        var batches = new ConcurrentQueue<NormalizedBatchOf>(workload.Records.OrderBy(_ => random.Next())
            .Chunk(8).Select(chunk => new NormalizedBatchOf(chunk)));
        var resends = batches.Where(_ => random.Next(4) == 0).ToList();
        var pendingCalls = workload.Records.OfType<AttributedCall>().Where(c => c.Attribution == AttributionState.Pending).ToList();

        var round = 0;
        var step = 0;
        while (!batches.IsEmpty)
        {
            step++;
            // Each step: both replicas write a batch while both roll up. On PostgreSQL one pass takes the lock
            // and the other skips its turn, and a pass runs while commits are in flight.
            await Task.WhenAll(replicas.Select(async r =>
            {
                if (batches.TryDequeue(out var batch))
                {
                    await r.WriteAsync([batch.ToBatch()], CancellationToken.None);
                }
            }).Concat(replicas.Select(r => rollUp((IRollupStore)r))));
            if (step % 3 == 0)
            {
                await AttributeLateAsync(replicas[step % 2], pendingCalls.Where((_, i) => i % 7 == step % 7).ToList());
            }

            if (step % 5 == 0)
            {
                round++;
                var from = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc).AddHours(random.Next(0, 60));
                var reprice = round;
                await ((IRollupStore)replicas[step % 2]).RepriceAsync(from, from.AddHours(random.Next(6, 60)),
                    call => RollupWorkload.Price(call, reprice), dryRun: false, CancellationToken.None);
            }
        }

        foreach (var batch in resends)
        {
            await test.Store.WriteAsync([batch.ToBatch()], CancellationToken.None);
        }

        // A final re-pricing of everything, then the settle sweep for calls whose run never attributed them.
        await ((IRollupStore)test.Store).RepriceAsync(DateTime.UnixEpoch, DateTime.MaxValue.AddYears(-1),
            call => RollupWorkload.Price(call, 99), dryRun: false, CancellationToken.None);
        await SettleAllAsync(test.Store);
        await RollUpEverythingAsync((IRollupStore)test.Store, rollUp);

        var expected = await ExpectedFromRawRecordsAsync(test.Store, workload.TraceIds);
        Assert.Equal(workload.Records.Count, expected.Records);
        Assert.True(round >= 3, $"the workload should have re-priced several times while writing, did {round}");
        await AssertTableEqualsAsync(test, "llm_rollups", RollupTables.LlmCalls, expected.Aggregator.LlmCalls);
        await AssertTableEqualsAsync(test, "run_rollups", RollupTables.Runs, expected.Aggregator.Runs);
        await AssertTableEqualsAsync(test, "tool_rollups", RollupTables.ToolCalls, expected.Aggregator.ToolCalls);

        // The alert samples come from the same records in the same passes. A call attributed after its run was rolled
        // up moves the run to its new iteration row, which may leave a row of 0 runs behind.
        await AssertTableEqualsAsync(test, "alert_tool_calls", AlertSampleTables.ToolCalls, expected.Samples.ToolCalls);
        await AssertTableEqualsAsync(test, "alert_llm_calls", AlertSampleTables.LlmCalls, expected.Samples.LlmCalls);
        await AssertTableEqualsAsync(test, "alert_run_durations", AlertSampleTables.RunDurations, expected.Samples.RunDurations);
        await AssertTableEqualsAsync(test, "alert_agents", AlertSampleTables.Agents, expected.Samples.Agents);
        await AssertTableEqualsAsync(test, "alert_run_iterations", AlertSampleTables.RunIterations, expected.Samples.RunIterations,
            where: "runs <> 0");
    }

    [Theory]
    [StoreProviders]
    public async Task Reprice_DryRun_ReportsTheDifferencePerModelAndChangesNothing(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var rollups = (IRollupStore)test.Store;
        var workload = new RollupWorkload(seed: 5, traces: 10);
        await test.Store.WriteAsync([new NormalizedBatchOf(workload.Records).ToBatch()], CancellationToken.None);
        await SettleAllAsync(test.Store);
        await RollUpEverythingAsync(rollups);
        var before = await test.QueryAsync("SELECT cost_usd FROM llm_rollups ORDER BY 1");

        var report = await rollups.RepriceAsync(DateTime.UnixEpoch, DateTime.MaxValue.AddYears(-1),
            call => RollupWorkload.Price(call, 1), dryRun: true, CancellationToken.None);

        var calls = workload.Records.OfType<LlmCall>().ToList();
        Assert.True(report.DryRun);
        Assert.Equal(calls.Count, report.Calls);
        Assert.Equal(calls.Sum(c => c.CostUsd ?? 0m), report.CostBefore);
        Assert.Equal(calls.Sum(c => RollupWorkload.Price(c, 1).Amount ?? 0m), report.CostAfter);
        var unknown = Assert.Single(report.Models, m => m.Model == RollupWorkload.UnknownModel);
        Assert.Equal(0, unknown.UnpricedBefore);
        Assert.Equal(unknown.Calls - calls.Count(c => c.RequestModel == RollupWorkload.UnknownModel && c.ReportedCostUsd is not null),
            unknown.UnpricedAfter);
        Assert.Equal(before.Select(r => r[0].ToString()), (await test.QueryAsync("SELECT cost_usd FROM llm_rollups ORDER BY 1")).Select(r => r[0].ToString()));
        var stored = await test.Store.GetLlmCallsAsync(calls[0].TraceId, CancellationToken.None);
        Assert.Equal(calls.Where(c => c.TraceId == calls[0].TraceId).Select(c => c.CostUsd), stored.Select(c => c.CostUsd));
    }

    /// <summary>
    /// Passes until nothing waits: a record is taken by the pass after the one that first sees it final, and on
    /// PostgreSQL only once every older transaction has ended. Other tests share the server and may hold one open
    /// for a while, so this waits up to a minute, not a number of passes.
    /// </summary>
    internal static async Task RollUpEverythingAsync(IRollupStore store, Func<IRollupStore, Task<RollupPass>>? rollUp = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await store.CountRollupBacklogAsync(CancellationToken.None) > 0 && DateTime.UtcNow < deadline)
        {
            var pass = rollUp is null
                ? await store.RollUpAsync(null, RollupBounds.Unbounded, CancellationToken.None)
                : await rollUp(store);
            if (pass.Records == 0 && !pass.MoreWaiting && !pass.TooLarge)
            {
                await Task.Delay(20);
            }
        }

        Assert.Equal(0, await store.CountRollupBacklogAsync(CancellationToken.None));
    }

    /// <summary>What the settle sweep does to calls whose run never attributed them: they become unattributed.</summary>
    private static async Task SettleAllAsync(ITelemetryStore store)
    {
        var pending = await store.GetPendingCallsReceivedBeforeAsync(DateTime.MaxValue, 100_000, CancellationToken.None);
        await store.ApplyAttributionAsync(pending.Select(p => new AttributionUpdate(p.Kind, p.TraceId, p.SpanId, p.ReceivedAt,
            new AttributionResult(true, AttributionState.Unattributed, null, null, null, null, null))).ToList(), CancellationToken.None);
    }

    private static async Task AttributeLateAsync(ITelemetryStore store, List<AttributedCall> calls)
    {
        var updates = calls.Select(c => new AttributionUpdate(c is LlmCall ? CallKind.Llm : CallKind.Tool, c.TraceId,
            c.SpanId, c.ReceivedAt, new AttributionResult(true, AttributionState.Inherited, "late-agent", null, "late-session", null, null))).ToList();
        await store.ApplyAttributionAsync(updates, CancellationToken.None);
    }

    private static async Task<(RollupAggregator Aggregator, AlertSampleAggregator Samples, int Records)> ExpectedFromRawRecordsAsync(
        ITelemetryStore store, IEnumerable<Guid> traceIds)
    {
        var aggregator = new RollupAggregator();
        var samples = new AlertSampleAggregator();
        var records = 0;
        foreach (var trace in traceIds)
        {
            foreach (var call in await store.GetLlmCallsAsync(trace, CancellationToken.None))
            {
                aggregator.Add(call);
                samples.Add(call);
                records++;
            }

            foreach (var run in await store.GetAgentRunsAsync(trace, CancellationToken.None))
            {
                var iterations = (await store.GetRunIterationsAsync(trace, run.SpanId, CancellationToken.None))!.Value;
                aggregator.Add(run, iterations);
                samples.Add(run, iterations);
                records++;
            }

            foreach (var call in await store.GetToolCallsAsync(trace, CancellationToken.None))
            {
                aggregator.Add(call);
                samples.Add(call);
                records++;
            }
        }

        return (aggregator, samples, records);
    }

    /// <summary>Compares every stored row with the expected one, column by column, money as exact decimals.</summary>
    private static async Task AssertTableEqualsAsync<TKey, TTotals>(TestStore test, string table,
        RollupShape<TKey, TTotals> shape, IReadOnlyDictionary<TKey, TTotals> expected, string? where = null) where TKey : notnull
    {
        var actual = (await test.QueryAsync($"SELECT {shape.ColumnList} FROM {table}{(where is null ? "" : $" WHERE {where}")}"))
            .Select(row => string.Join("|", row.Select((v, i) => Canonical(shape.Columns[i].ValueType, v))))
            .Order(StringComparer.Ordinal).ToList();
        var wanted = expected
            .Select(e => string.Join("|", shape.Columns.Select(c => Canonical(c.ValueType, c.Get(e.Key, e.Value)))))
            .Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(wanted);
        Assert.Equal(wanted, actual);
    }

    private static string Canonical(Type type, object value)
    {
        if (type == typeof(decimal))
        {
            var amount = value is string text
                ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
                : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            // Scale-free: 1.50 and 1.5 are the same amount.
            return amount.ToString("0.############################", CultureInfo.InvariantCulture);
        }

        return Convert.ToString(value, CultureInfo.InvariantCulture)!;
    }

    /// <summary>A batch of records that can be turned into a fresh NormalizedBatch as often as it is delivered.</summary>
    private sealed class NormalizedBatchOf(IEnumerable<TelemetryRecord> records)
    {
        private readonly TelemetryRecord[] _records = records.ToArray();

        public Core.Ingest.NormalizedBatch ToBatch() => Records.Batch([.. _records]);
    }

    /// <summary>
    /// Passes of at most so many records, as the rollup job runs them: a window that held more is given up and the
    /// next is half as wide; one that fitted lets the next be twice as wide. Shared by both replicas.
    /// </summary>
    private sealed class NarrowingPasses(int maxRecords)
    {
        private long _maxTransactions = long.MaxValue;

        public int GivenUp { get; private set; }

        public int EndedShort { get; private set; }

        public async Task<RollupPass> RollUpAsync(IRollupStore store)
        {
            var pass = await store.RollUpAsync(null, new RollupBounds(Interlocked.Read(ref _maxTransactions), maxRecords),
                CancellationToken.None);
            if (pass.TooLarge)
            {
                GivenUp++;
                Interlocked.Exchange(ref _maxTransactions, Math.Max(1, pass.Transactions / 2));
            }
            else if (pass.Ran)
            {
                EndedShort += pass.MoreWaiting ? 1 : 0;
                var wider = Interlocked.Read(ref _maxTransactions);
                Interlocked.Exchange(ref _maxTransactions, wider > long.MaxValue / 2 ? long.MaxValue : wider * 2);
            }

            return pass;
        }
    }
}

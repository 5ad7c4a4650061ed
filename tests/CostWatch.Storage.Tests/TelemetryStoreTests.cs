using CostWatch.Core.Attribution;
using CostWatch.Core.Records;
using CostWatch.TestSupport;
using static CostWatch.Storage.Tests.Records;

namespace CostWatch.Storage.Tests;

/// <summary>One suite, run against SQLite and PostgreSQL: both stores must behave the same.</summary>
public sealed class TelemetryStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, StoreProviders]
    public async Task Migrate_FreshDatabase_ReachesTheLatestVersionAndIsIdempotent(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider, migrate: false);
        Assert.Equal(0, (await test.Store.GetSchemaStatusAsync(None)).Current);

        var first = await test.Store.MigrateAsync(None);
        var second = await test.Store.MigrateAsync(None);

        Assert.True(first.IsCurrent);
        Assert.Equal(first, second);
        Assert.True((await test.Store.GetSchemaStatusAsync(None)).IsCurrent);
    }

    [Theory, StoreProviders]
    public async Task Migrate_SchemaNewerThanTheBinary_IsRefusedWithAClearMessage(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var latest = (await test.Store.GetSchemaStatusAsync(None)).Latest;
        await ExecuteAsync(test, $"INSERT INTO schema_version (version, name, applied_at) VALUES ({latest + 1}, 'future', " +
                                 (provider == StorageProvider.Sqlite ? "0)" : "now())"));

        var error = await Assert.ThrowsAsync<SchemaTooNewException>(() => test.Store.MigrateAsync(None));
        Assert.Contains($"version {latest + 1}", error.Message);
        Assert.True((await test.Store.GetSchemaStatusAsync(None)).IsNewerThanBinary);
    }

    [Theory, StoreProviders]
    public async Task Write_ThenRead_KeepsEveryFieldExactly(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        var llm = Llm(trace, ulong.MaxValue - 5, parent: 0x8000_0000_0000_0001);
        var run = Run(trace, 0x8000_0000_0000_0001, iterations: 3);
        var tool = Tool(trace, 42, parent: run.SpanId);

        var outcome = await test.Store.WriteAsync([Batch(llm, run, tool, Link(trace, 7, 6))], None);

        Assert.Equal(new WriteOutcome(4, 0), outcome);
        var storedLlm = Assert.Single(await test.Store.GetLlmCallsAsync(trace, None));
        Assert.Equivalent(llm, storedLlm, strict: true);
        Assert.Equal(12.345678901234567890m, storedLlm.ReportedCostUsd);
        Assert.Equivalent(run, Assert.Single(await test.Store.GetAgentRunsAsync(trace, None)), strict: true);
        Assert.Equivalent(tool, Assert.Single(await test.Store.GetToolCallsAsync(trace, None)), strict: true);
        Assert.Equal(new StoreCounts(1, 1, 1, 1), await test.Store.CountAsync(None));
    }

    [Theory, StoreProviders]
    public async Task Write_SameSpansAgain_StoresThemOnceAndCountsDuplicates(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(Llm(trace, 1), Run(trace, 2))], None);

        // A retried export: two spans already stored, one new.
        var outcome = await test.Store.WriteAsync([Batch(Llm(trace, 1), Run(trace, 2), Tool(trace, 3))], None);

        Assert.Equal(new WriteOutcome(1, 2), outcome);
        Assert.Equal(new StoreCounts(1, 1, 1, 0), await test.Store.CountAsync(None));
    }

    [Theory, StoreProviders]
    public async Task Write_DuplicateWithinOneGroup_IsStoredOnce(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();

        var outcome = await test.Store.WriteAsync([Batch(Llm(trace, 1)), Batch(Llm(trace, 1), Link(trace, 5, 4))], None);

        Assert.Equal(new WriteOutcome(2, 1), outcome);
        Assert.Equal(new StoreCounts(1, 0, 0, 1), await test.Store.CountAsync(None));
    }

    [Theory, StoreProviders]
    public async Task TwoInstancesOnOneDatabase_WritingOverlappingExports_StoreEachSpanOnce(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var second = test.NewInstance();
        var traces = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();

        // Both "replicas" receive every export (a collector fanning out), concurrently.
        async Task<int> WriteAll(ITelemetryStore store)
        {
            var inserted = 0;
            foreach (var trace in traces)
            {
                inserted += (await store.WriteAsync([Batch(Llm(trace, 1, parent: 2), Run(trace, 2), Tool(trace, 3, 2))], None)).Inserted;
            }

            return inserted;
        }

        var results = await Task.WhenAll(Task.Run(() => WriteAll(test.Store)), Task.Run(() => WriteAll(second)));

        Assert.Equal(traces.Length * 3, results.Sum());
        Assert.Equal(new StoreCounts(40, 40, 40, 0), await test.Store.CountAsync(None));
        if (second is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Theory, StoreProviders]
    public async Task PendingCalls_AreFoundByTrace_AndTheGraphCarriesRunIdentities(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        var other = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(Llm(trace, 3, parent: 2), Tool(trace, 4, parent: 2),
            Llm(trace, 5, attribution: AttributionState.Own, agent: "done"), Llm(other, 9, parent: 8))], None);
        await test.Store.WriteAsync([Batch(Link(trace, 2, 1), Run(trace, 1, agent: "coordinator"))], None);

        var pending = await test.Store.GetPendingCallsAsync([trace], None);
        var graphs = await test.Store.GetTraceGraphsAsync([trace], None);

        Assert.Equal([(CallKind.Llm, 3UL), (CallKind.Tool, 4UL)],
            pending.Select(p => (p.Kind, p.SpanId)).OrderBy(p => p.SpanId));
        Assert.Equal(2UL, pending[0].Input.ParentSpanId);
        var graph = Assert.Single(graphs).Value;
        Assert.Equal(new SpanGraphNode(1, null), graph[2]);
        Assert.Equal(new RunIdentity("coordinator", "agent-7", "session-1", null), graph[1].Run);
        Assert.Equal(5, graph.Count);
    }

    [Theory, StoreProviders]
    public async Task ApplyAttribution_UpdatesOnlyCallsStillPending(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(Llm(trace, 3, parent: 1), Tool(trace, 4, parent: 1))], None);
        var result = new AttributionResult(true, AttributionState.Inherited, "researcher", "a-1", "s-1", "u-9", 1);

        var first = await test.Store.ApplyAttributionAsync(
            [new AttributionUpdate(CallKind.Llm, trace, 3, Now, result), new AttributionUpdate(CallKind.Tool, trace, 4, Now, result)], None);
        var again = await test.Store.ApplyAttributionAsync(
            [new AttributionUpdate(CallKind.Llm, trace, 3, Now, result with { AgentName = "other" })], None);

        Assert.Equal((2, 0), (first, again));
        var llm = Assert.Single(await test.Store.GetLlmCallsAsync(trace, None));
        Assert.Equal(("researcher", "a-1", "s-1", "u-9", 1UL, AttributionState.Inherited),
            (llm.AgentName, llm.AgentId, llm.SessionId, llm.UserId, llm.RunSpanId!.Value, llm.Attribution));
        Assert.Equal("researcher", Assert.Single(await test.Store.GetToolCallsAsync(trace, None)).AgentName);
        Assert.Empty(await test.Store.GetPendingCallsAsync([trace], None));
    }

    [Theory, StoreProviders]
    public async Task ApplyAttribution_ManyCallsAtOnce_EachTakesItsOwnResult(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        // More calls than one PostgreSQL statement takes (5,000), received over 85 minutes, as a settle sweep's
        // backlog is; every tenth is attributed already.
        const int calls = 5_100;
        var traces = Enumerable.Range(0, calls).Select(_ => Guid.NewGuid()).ToArray();
        DateTime Received(int i) => Now.AddSeconds(-i).AddTicks(-i % 10);
        await test.Store.WriteAsync([Batch(traces.Select((t, i) => (object)(i % 10 == 0
            ? Llm(t, 2, parent: 1, attribution: AttributionState.Own, agent: "own", receivedAt: Received(i))
            : Llm(t, 2, parent: 1, receivedAt: Received(i)))).ToArray())], None);
        var updates = traces.Select((t, i) => new AttributionUpdate(CallKind.Llm, t, 2, Received(i), i % 2 == 0
                ? new AttributionResult(true, AttributionState.Inherited, $"agent-{i}", null, $"s-{i}", null, (ulong)i + 100)
                : new AttributionResult(true, AttributionState.Unattributed, "__unattributed__", null, null, null, null)))
            .Append(new AttributionUpdate(CallKind.Llm, Guid.NewGuid(), 2, Now,
                new AttributionResult(true, AttributionState.Inherited, "never-stored", null, null, null, 1)))
            .ToList();

        var changed = await test.Store.ApplyAttributionAsync(updates, None);

        Assert.Equal(calls - calls / 10, changed);
        Assert.Empty(await test.Store.GetPendingCallsAsync(traces, None));
        async Task<(string?, string?, string?, ulong?, AttributionState)> Stored(int i)
        {
            var call = Assert.Single(await test.Store.GetLlmCallsAsync(traces[i], None));
            return (call.AgentName, call.SessionId, call.UserId, call.RunSpanId, call.Attribution);
        }

        Assert.Equal(("own", null, "u-1", null, AttributionState.Own), await Stored(0));
        Assert.Equal(("__unattributed__", null, null, null, AttributionState.Unattributed), await Stored(1));
        Assert.Equal(("agent-2", "s-2", null, 102UL, AttributionState.Inherited), await Stored(2));
        Assert.Equal(("agent-5098", "s-5098", null, 5198UL, AttributionState.Inherited), await Stored(5098));
        Assert.Equal(("__unattributed__", null, null, null, AttributionState.Unattributed), await Stored(5099));
    }

    [Theory, StoreProviders]
    public async Task PendingReceivedBefore_HonoursTheCutoffAndTheLimit(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(
            Llm(trace, 1, parent: 99, receivedAt: Now.AddMinutes(-10)),
            Llm(trace, 2, parent: 99, receivedAt: Now.AddMinutes(-5)),
            Llm(trace, 3, parent: 99, receivedAt: Now))], None);

        var old = await test.Store.GetPendingCallsReceivedBeforeAsync(Now.AddMinutes(-2), 10, None);
        var limited = await test.Store.GetPendingCallsReceivedBeforeAsync(Now, 1, None);

        Assert.Equal([1UL, 2UL], old.Select(p => p.SpanId).Order());
        Assert.Equal(1UL, Assert.Single(limited).SpanId);
    }

    [Theory, StoreProviders]
    public async Task Prune_DeletesRecordsAndLinksPastTheirRetention(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(
            Llm(trace, 1, start: Now.AddDays(-15)), Llm(trace, 2, start: Now.AddDays(-1)),
            Run(trace, 3, start: Now.AddDays(-20)), Tool(trace, 4, start: Now.AddDays(-14).AddMinutes(-1)),
            Link(trace, 5, 0, receivedAt: Now.AddHours(-2)), Link(trace, 6, 0, receivedAt: Now))], None);

        var pruned = await test.Store.PruneAsync(Now.AddDays(-14), Now.AddHours(-1), None);

        Assert.Equal(new PruneResult(3, 1), pruned);
        Assert.Equal(new StoreCounts(1, 0, 0, 1), await test.Store.CountAsync(None));
    }

    [Theory, StoreProviders]
    public async Task RunIterations_AreReportedElseTheLlmCallsAttributedToTheRun(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        var calls = Enumerable.Range(10, 3).Select(i => Llm(trace, (ulong)i, parent: 1)).ToList();
        calls.ForEach(c => c.RunSpanId = 1);
        await test.Store.WriteAsync([Batch([Run(trace, 1), Run(trace, 2, iterations: 9), .. calls])], None);

        Assert.Equal(3, await test.Store.GetRunIterationsAsync(trace, 1, None));
        Assert.Equal(9, await test.Store.GetRunIterationsAsync(trace, 2, None));
        Assert.Null(await test.Store.GetRunIterationsAsync(trace, 77, None));
    }

    private static Task ExecuteAsync(TestStore test, string sql) => test.ExecuteAsync(sql);
}

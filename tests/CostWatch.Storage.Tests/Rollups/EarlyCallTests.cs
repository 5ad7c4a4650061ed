using CostWatch.Core.Records;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;
using static CostWatch.Storage.Tests.Records;

namespace CostWatch.Storage.Tests.Rollups;

/// <summary>
/// A pass counts a run's iterations from the calls of its own window. A call rolled up before its run (attributed
/// to a run that was not stored yet) is noted in <c>rollup_early_calls</c> and counted when the run is rolled up.
/// </summary>
public sealed class EarlyCallTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, StoreProviders]
    public async Task CallsRolledUpBeforeTheirRun_AreCountedAsItsIterations_WhenTheRunIsRolledUp(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IRollupStore)test.Store;
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(CallOf(trace, 10, run: 1), CallOf(trace, 11, run: 1))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);
        Assert.Equal([[2L]], await CallsNotedAsync(test));

        await test.Store.WriteAsync([Batch(Run(trace, 1), CallOf(trace, 12, run: 1))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);

        Assert.Equal(3, await test.Store.GetRunIterationsAsync(trace, 1, None));
        Assert.Equal([[1L, 3L]], await MinuteRunsAsync(test));
        Assert.Empty(await CallsNotedAsync(test));
    }

    [Theory, StoreProviders]
    public async Task ARunThatReportsItsIterations_KeepsThem_AndItsEarlyCallsAreForgotten(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IRollupStore)test.Store;
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(CallOf(trace, 10, run: 1))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);

        await test.Store.WriteAsync([Batch(Run(trace, 1, iterations: 7))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);

        Assert.Equal([[1L, 7L]], await MinuteRunsAsync(test));
        Assert.Empty(await CallsNotedAsync(test));
    }

    [Theory, StoreProviders]
    public async Task ACallLaterThanItsReportingRun_IsNeitherCountedNorNoted(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IRollupStore)test.Store;
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(Run(trace, 1, iterations: 7))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);

        await test.Store.WriteAsync([Batch(CallOf(trace, 10, run: 1))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);

        Assert.Equal([[1L, 7L]], await MinuteRunsAsync(test));
        Assert.Empty(await CallsNotedAsync(test));
    }

    [Theory, StoreProviders]
    public async Task EarlyCallsWhoseRunNeverCame_GoWhenTheirCallsArePruned(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(CallOf(trace, 10, run: 1))], None);
        await RollupReconciliationTests.RollUpEverythingAsync((IRollupStore)test.Store);
        Assert.Single(await CallsNotedAsync(test));

        await test.Store.PruneAsync(Now.AddMinutes(-10), Now.AddMinutes(-10), None);
        Assert.Single(await CallsNotedAsync(test));

        await test.Store.PruneAsync(Now.AddDays(1), Now.AddDays(1), None);
        Assert.Empty(await CallsNotedAsync(test));
    }

    /// <summary>
    /// Schema 8 notes the calls that passes of earlier schemas rolled up before their run: here a database whose
    /// table was dropped and whose schema was set back to 7, as if it had never had schema 8.
    /// </summary>
    [Theory, StoreProviders]
    public async Task MigratingToSchema8_NotesTheCallsEarlierPassesRolledUpBeforeTheirRun(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IRollupStore)test.Store;
        var trace = Guid.NewGuid();
        await test.Store.WriteAsync([Batch(CallOf(trace, 10, run: 1), CallOf(trace, 11, run: 1), CallOf(trace, 12, run: 2))],
            None);
        await test.Store.WriteAsync([Batch(Run(trace, 2), CallOf(Guid.NewGuid(), 13, run: null))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);
        await test.ExecuteAsync("DROP TABLE rollup_early_calls");
        await test.ExecuteAsync("DELETE FROM schema_version WHERE version = 8");

        Assert.True((await test.Store.MigrateAsync(None)).IsCurrent);

        // Run 2 is rolled up: its call was counted when it was. Run 1 is still to come, with two calls.
        Assert.Equal([[2L]], await CallsNotedAsync(test));
        await test.Store.WriteAsync([Batch(Run(trace, 1))], None);
        await RollupReconciliationTests.RollUpEverythingAsync(store);
        Assert.Equal([[2L, 3L]], await MinuteRunsAsync(test));
    }

    private static LlmCall CallOf(Guid trace, ulong span, ulong? run)
    {
        var call = Llm(trace, span, parent: run ?? 0, attribution: AttributionState.Inherited, agent: "researcher");
        call.RunSpanId = run;
        return call;
    }

    private static async Task<List<object[]>> CallsNotedAsync(TestStore test) =>
        Normalised(await test.QueryAsync("SELECT calls FROM rollup_early_calls"));

    /// <summary>Runs and iterations summed over the minute rows.</summary>
    private static async Task<List<object[]>> MinuteRunsAsync(TestStore test) =>
        Normalised(await test.QueryAsync("SELECT SUM(runs), SUM(iterations) FROM run_rollups WHERE resolution = 60"));

    private static List<object[]> Normalised(List<object[]> rows) =>
        rows.Select(r => r.Select(v => (object)Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
}

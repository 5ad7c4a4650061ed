using System.Globalization;
using CostWatch.Core.Records;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;
using static CostWatch.Storage.Tests.Records;

namespace CostWatch.Storage.Tests.Rollups;

/// <summary>
/// A rollup pass takes no more than its <see cref="RollupBounds"/>: the oldest transactions of what is ready, and
/// nothing when they hold more records than the bound, except one transaction, which is never split.
/// </summary>
public sealed class BoundedPassTests
{
    private const int RecordsPerTrace = 4;

    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// Passes bounded to end where a trace's transaction begins: first before the first trace, then before the third,
    /// then unbounded. Each must end exactly where its bound says and take exactly the records in its window.
    /// </summary>
    [Theory, StoreProviders]
    public async Task BoundedPasses_TakeTheOldestTransactions_AndMoveTheWindowOnByWhatTheyTook(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IRollupStore)test.Store;
        var transactions = await WriteTracesAsync(test, 5);

        var passes = new List<RollupPass>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await store.CountRollupBacklogAsync(None) > 0 && DateTime.UtcNow < deadline)
        {
            var before = await ProgressAsync(test);
            var maxTransactions = before.Done < transactions[0] ? transactions[0] - before.Done
                : before.Done < transactions[2] ? transactions[2] - before.Done
                : long.MaxValue;
            var pass = await store.RollUpAsync(null, new RollupBounds(maxTransactions, MaxRecords: 1_000), None);
            var after = await ProgressAsync(test);
            passes.Add(pass);

            var end = Math.Min(before.Ready, before.Done + Math.Min(maxTransactions, before.Ready - before.Done));
            Assert.True(pass.Ran);
            Assert.Equal(end, after.Done);
            Assert.Equal(end - before.Done, pass.Transactions);
            Assert.Equal(RecordsPerTrace * transactions.Count(t => t >= before.Done && t < end), pass.Records);
            Assert.Equal(end < before.Ready, pass.MoreWaiting);
            if (pass.MoreWaiting)
            {
                Assert.Equal(before.Ready, after.Ready); // what lies beyond still waits its interval
            }
        }

        // The first two traces and the last three were never in one window.
        Assert.Equal(5 * RecordsPerTrace, passes.Sum(p => p.Records));
        Assert.All(passes, p => Assert.InRange(p.Records, 0, 3 * RecordsPerTrace));
        Assert.Equal([[5L, 10L]], await SumsAsync(test, "SELECT SUM(runs), SUM(iterations) FROM run_rollups WHERE resolution = 60"));
        Assert.Equal([[10L, 5L]], await SumsAsync(test,
            "SELECT (SELECT SUM(calls) FROM llm_rollups WHERE resolution = 60), (SELECT SUM(calls) FROM tool_rollups WHERE resolution = 60)"));
    }

    [Theory, StoreProviders]
    public async Task AWindowHoldingMoreRecordsThanTheBound_IsGivenUp_AndOneTransactionIsTakenWhole(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IRollupStore)test.Store;
        var transactions = await WriteTracesAsync(test, 4);

        // Up to the first trace's transaction, then windows as wide as what is ready, of at most one record: given
        // up, as each holds a trace (four records) and spans more than one transaction.
        RollupPass? givenUp = null;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (givenUp is null && DateTime.UtcNow < deadline)
        {
            var before = await ProgressAsync(test);
            var maxTransactions = before.Done < transactions[0] ? transactions[0] - before.Done : long.MaxValue;
            var pass = await store.RollUpAsync(null, new RollupBounds(maxTransactions, MaxRecords: 1), None);
            if (pass.TooLarge)
            {
                givenUp = pass;
                Assert.False(pass.Ran);
                Assert.Equal(before, await ProgressAsync(test));
            }
        }

        Assert.NotNull(givenUp);
        Assert.True(givenUp.Transactions > 1, $"a window of {givenUp.Transactions} transaction(s) was given up");
        Assert.Empty(await test.QueryAsync("SELECT 1 FROM llm_rollups"));

        // Windows that end before each trace's transaction, then hold that one alone: each is taken whole.
        var passes = new List<RollupPass>();
        while (await store.CountRollupBacklogAsync(None) > 0 && DateTime.UtcNow < deadline)
        {
            var done = (await ProgressAsync(test)).Done;
            var next = transactions.Where(t => t >= done).DefaultIfEmpty(long.MaxValue).Min();
            var pass = await store.RollUpAsync(null, new RollupBounds(next > done ? next - done : 1, MaxRecords: 1), None);
            Assert.True(pass.Ran, $"a window of {pass.Transactions} transaction(s) from {done} did not run");
            passes.Add(pass);
        }

        Assert.Equal(4 * RecordsPerTrace, passes.Sum(p => p.Records));
        Assert.Equal(4, passes.Count(p => p is { Records: RecordsPerTrace, Transactions: 1 }));
    }

    /// <summary>
    /// Writes the traces, a transaction each, after a pass has moved the window past everything before them; returns
    /// their transactions (<c>change_seq</c>) in order.
    /// </summary>
    private static async Task<long[]> WriteTracesAsync(TestStore test, int traces)
    {
        await ((IRollupStore)test.Store).RollUpAsync(null, RollupBounds.Unbounded, None);
        for (var i = 0; i < traces; i++)
        {
            await test.Store.WriteAsync([AgentTrace(Guid.NewGuid())], None);
        }

        var transactions = (await test.QueryAsync("SELECT DISTINCT change_seq FROM agent_runs"))
            .Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(traces, transactions.Length);
        return transactions;
    }

    /// <summary>An agent run, its two LLM calls and a tool call, attributed as the worker stores a complete trace.</summary>
    private static Core.Ingest.NormalizedBatch AgentTrace(Guid trace)
    {
        var first = Llm(trace, 10, parent: 1, attribution: AttributionState.Inherited, agent: "researcher");
        var second = Llm(trace, 11, parent: 1, attribution: AttributionState.Inherited, agent: "researcher");
        first.RunSpanId = second.RunSpanId = 1;
        var tool = Tool(trace, 12, parent: 1);
        tool.Attribution = AttributionState.Inherited;
        tool.AgentName = "researcher";
        return Batch(Run(trace, 1), first, second, tool);
    }

    private static async Task<(long Done, long Ready)> ProgressAsync(TestStore test)
    {
        var row = Assert.Single(await test.QueryAsync("SELECT done, ready FROM rollup_progress"));
        return (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
    }

    private static async Task<List<object[]>> SumsAsync(TestStore test, string sql) =>
        (await test.QueryAsync(sql)).Select(r => r.Select(v => (object)Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
}

using System.Globalization;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;
using Npgsql;
using static CostWatch.Storage.Tests.Records;

namespace CostWatch.Storage.Tests.Postgres;

/// <summary>
/// The BRIN indexes a rollup pass finds its window by: brought up to date with what was written since, so a pass
/// reads its window and not every page written since the table's last vacuum; a table a vacuum holds is left to it;
/// a user that does not own the tables is told once.
/// </summary>
public sealed class RollupIndexSummaryTests
{
    private static readonly string[] Indexes = ["agent_runs_change_seq", "llm_calls_change_seq", "tool_calls_change_seq"];

    [PostgresFact]
    public async Task AfterSummarizing_NoPageRangeOfTheRecordTablesIsLeftUnsummarized()
    {
        await using var test = await StoreWithRecordsAsync();

        await ((IRollupStore)test.Store).SummarizeRollupIndexesAsync(CancellationToken.None);

        Assert.Equal([0, 0, 0], await SummarizeAgainAsync(test, Indexes));
    }

    /// <summary>
    /// SHARE UPDATE EXCLUSIVE is what a vacuum holds (seen before asking); SHARE, what a CREATE INDEX holds, is
    /// not looked for and is given up on after the lock timeout.
    /// </summary>
    [PostgresTheory]
    [InlineData("SHARE UPDATE EXCLUSIVE")]
    [InlineData("SHARE")]
    public async Task ATableThatAnotherHolds_IsLeftAlone_AndTheOthersAreSummarized(string lockMode)
    {
        await using var test = await StoreWithRecordsAsync();
        await using (var holder = new NpgsqlConnection(test.ConnectionString))
        {
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand($"LOCK TABLE llm_calls IN {lockMode} MODE", holder, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            await ((IRollupStore)test.Store).SummarizeRollupIndexesAsync(CancellationToken.None);
        }

        Assert.Equal([0, 0], await SummarizeAgainAsync(test, ["agent_runs_change_seq", "tool_calls_change_seq"]));
        Assert.True((await SummarizeAgainAsync(test, ["llm_calls_change_seq"]))[0] > 0);
    }

    [PostgresFact]
    public async Task AUserThatDoesNotOwnTheTables_IsRefusedOnce_ThenNotAskedAgain()
    {
        await using var test = await StoreWithRecordsAsync();
        var role = $"costwatch_writer_{Guid.NewGuid():N}";
        await SqlQuery.RowsAsync(StorageProvider.Postgres, PostgresServer.ConnectionString, $"CREATE ROLE {role} LOGIN");
        try
        {
            await test.ExecuteAsync($"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}");
            var asWriter = new NpgsqlConnectionStringBuilder(test.ConnectionString) { Username = role, Pooling = false }.ConnectionString;
            var store = (IRollupStore)TelemetryStoreFactory.Create(StorageProvider.Postgres, asWriter);
            try
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => store.SummarizeRollupIndexesAsync(CancellationToken.None));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);

                await store.SummarizeRollupIndexesAsync(CancellationToken.None);
            }
            finally
            {
                await ((IAsyncDisposable)store).DisposeAsync();
            }

            Assert.True((await SummarizeAgainAsync(test, ["agent_runs_change_seq"]))[0] > 0);
        }
        finally
        {
            await test.ExecuteAsync($"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}");
            await SqlQuery.RowsAsync(StorageProvider.Postgres, PostgresServer.ConnectionString, $"DROP ROLE {role}");
        }
    }

    /// <summary>
    /// A store whose record tables each fill a BRIN page range or more (128 pages each; the last, partial one is never
    /// summarized), none summarized yet: the tables were never vacuumed.
    /// </summary>
    private static async Task<TestStore> StoreWithRecordsAsync()
    {
        var test = await TestStore.CreateAsync(StorageProvider.Postgres);
        try
        {
            var records = Enumerable.Range(0, 12_000).SelectMany(_ =>
            {
                var trace = Guid.NewGuid();
                return new object[] { Llm(trace, 1, parent: 3), Tool(trace, 2, parent: 3), Run(trace, 3) };
            });
            await test.Store.WriteAsync([Batch([.. records])], CancellationToken.None);
            Assert.All(await TablePagesAsync(test), pages => Assert.True(pages > 128));
            return test;
        }
        catch
        {
            await test.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<long>> TablePagesAsync(TestStore test) =>
        (await test.QueryAsync("SELECT pg_relation_size(t) / 8192 FROM unnest(ARRAY['agent_runs', 'llm_calls', 'tool_calls']) AS t"))
        .Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();

    /// <summary>How many page ranges of each index a second summarizing finds still unsummarized.</summary>
    private static async Task<List<int>> SummarizeAgainAsync(TestStore test, IReadOnlyList<string> indexes)
    {
        var counts = new List<int>();
        foreach (var index in indexes)
        {
            var rows = await test.QueryAsync($"SELECT brin_summarize_new_values('{index}'::regclass)");
            counts.Add(Convert.ToInt32(rows[0][0], CultureInfo.InvariantCulture));
        }

        return counts;
    }
}

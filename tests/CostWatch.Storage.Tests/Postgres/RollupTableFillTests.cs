using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.Postgres;

/// <summary>
/// The tables every rollup pass updates leave room on their pages, so a row's next version can stay on its page
/// without a new entry in every index (schema 7).
/// </summary>
public sealed class RollupTableFillTests
{
    private static readonly string[] PassUpdatedTables =
    [
        "alert_agents", "alert_llm_calls", "alert_run_durations", "alert_run_iterations", "alert_tool_calls",
        "llm_rollups", "run_rollups", "tool_rollups",
    ];

    [PostgresFact]
    public async Task TheTablesAPassUpdates_AreFilledTo70Percent_AndTheRecordTablesToTheBrim()
    {
        await using var test = await TestStore.CreateAsync(StorageProvider.Postgres);

        var rows = await test.QueryAsync(
            "SELECT relname, COALESCE(array_to_string(reloptions, ','), '') FROM pg_class " +
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY relname");
        var options = rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

        Assert.All(PassUpdatedTables, table => Assert.Equal("fillfactor=70", options[table]));
        // Records are written once (attribution aside): packed pages keep the store and its reads small.
        Assert.All(new[] { RecordTables.AgentRuns.Name, RecordTables.LlmCalls.Name, RecordTables.ToolCalls.Name },
            table => Assert.Equal("", options[table]));
    }
}

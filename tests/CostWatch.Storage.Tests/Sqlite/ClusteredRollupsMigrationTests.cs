using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.Sqlite;

/// <summary>
/// Schema 5 on SQLite rebuilds the rollup and alert sample tables as WITHOUT ROWID tables: a database at schema 4
/// with rows in them keeps every row, and the tables come out clustered on their keys.
/// </summary>
public sealed class ClusteredRollupsMigrationTests
{
    private static readonly string[] Tables =
    [
        "llm_rollups", "run_rollups", "tool_rollups", "alert_run_iterations", "alert_run_durations", "alert_tool_calls",
        "alert_llm_calls",
    ];

    [Fact]
    public async Task ADatabaseAtSchema4_KeepsEveryRollupAndSampleRow_InTablesWithoutRowid()
    {
        await using var test = await TestStore.CreateAsync(StorageProvider.Sqlite, migrate: false);
        await test.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        foreach (var (version, sql) in SchemaScripts().Where(s => s.Version <= 4))
        {
            await test.ExecuteAsync(sql);
            await test.ExecuteAsync($"INSERT INTO schema_version VALUES ({version}, 'script {version}', 0)");
        }

        await test.ExecuteAsync(
            "INSERT INTO llm_rollups VALUES (3600, 7200, 'researcher', 's-1', 'gpt-4o', 'openai', 'fleet', '', '', 3, 1, 900, 100, 0, 50, 10, '0.0123456789012345678901', 1, 42, 1, 2);" +
            "INSERT INTO llm_rollups VALUES (60, 7260, 'writer', '', 'claude-sonnet-4', 'anthropic', 'fleet', 'u-1', '{\"team\":\"platform\"}', 1, 0, 10, 0, 0, 5, 0, '0', 0, 7, 3, 4);" +
            "INSERT INTO run_rollups VALUES (86400, 0, 'researcher', 's-1', 'fleet', '', '', 2, 1, 9, 1000, 1, 2);" +
            "INSERT INTO tool_rollups VALUES (86400, 0, 'researcher', 's-1', 'search', 'fleet', '', '', 4, 1, 300);" +
            "INSERT INTO alert_run_iterations VALUES (7200, 'researcher', 12, 2);" +
            "INSERT INTO alert_run_durations VALUES (7200, 'researcher', 130, 2);" +
            "INSERT INTO alert_tool_calls VALUES (7200, 'researcher', 'search', 4, 1);" +
            "INSERT INTO alert_llm_calls VALUES (7200, 'researcher', 'gpt-4o', 'openai', 3, 0, 120000);");
        var before = await ContentsAsync(test);

        var status = await test.Store.MigrateAsync(CancellationToken.None);

        Assert.True(status.IsCurrent);
        Assert.Equal(before, await ContentsAsync(test));
        Assert.Equal(Tables.Length + 1, before.Values.Sum(rows => rows.Count));
        var definitions = await test.QueryAsync(
            $"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ({string.Join(", ", Tables.Select(t => $"'{t}'"))})");
        Assert.Equal(Tables.Order(StringComparer.Ordinal), definitions.Select(d => (string)d[0]).Order(StringComparer.Ordinal));
        Assert.All(definitions, d => Assert.EndsWith("WITHOUT ROWID", (string)d[1], StringComparison.Ordinal));
        var indexes = await test.QueryAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%rollups_session'");
        Assert.Equal(["llm_rollups_session", "run_rollups_session"], indexes.Select(i => (string)i[0]).Order(StringComparer.Ordinal));
    }

    private static async Task<Dictionary<string, List<string>>> ContentsAsync(TestStore test)
    {
        var contents = new Dictionary<string, List<string>>();
        foreach (var table in Tables)
        {
            var rows = await test.QueryAsync($"SELECT * FROM {table}");
            contents[table] = rows.Select(r => string.Join("|", r.Select(v => $"{v.GetType().Name}:{v}"))).Order(StringComparer.Ordinal).ToList();
        }

        return contents;
    }

    private static IEnumerable<(int Version, string Sql)> SchemaScripts()
    {
        var assembly = typeof(ITelemetryStore).Assembly;
        const string prefix = "CostWatch.Storage.Schema.Sqlite.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (int.Parse(name[prefix.Length..][..4], System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd());
        }
    }
}

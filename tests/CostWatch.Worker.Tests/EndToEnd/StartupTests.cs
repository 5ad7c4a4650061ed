using CostWatch.Worker.Hosting;
using CostWatch.Worker.Tests.Hosting;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>Start-up: the <c>migrate</c> command, a schema newer than the binary, and invalid options.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task MigrateCommand_AppliesTheSchema_ThenANewerSchemaIsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("costwatch-migrate-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "costwatch.db")}";

        var (exitCode, output) = await WorkerProcess.RunCommandAsync("migrate", $"--ConnectionStrings:CostWatch={connectionString}");
        Assert.Equal(0, exitCode);
        Assert.Contains($"Sqlite schema is at version {LatestSchemaVersion()}", output);

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'from the future', 0)";
            await command.ExecuteNonQueryAsync();
        }

        var (migrateAgain, migrateOutput) = await WorkerProcess.RunCommandAsync("migrate", $"--ConnectionStrings:CostWatch={connectionString}");
        Assert.Equal(1, migrateAgain);
        Assert.Contains("schema is at version 99", migrateOutput);

        using var worker = WorkerProcess.Start(connectionString);
        var workerExit = await worker.WaitForExitAsync();
        Assert.NotEqual(0, workerExit);
        Assert.Contains("Refusing to start: The database schema is at version 99", worker.Output);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void InvalidOptions_StopTheStart_NamingEveryKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
        [
            "--CostWatch:Storage:Provider=pg", "--CostWatch:Ingest:MaxQueuedSpans=0",
            "--CostWatch:Ingest:SettlePeriod=-00:01:00",
        ]));

        Assert.Equal(
        [
            "CostWatch:Storage:Provider must be Sqlite or Postgres, was 'pg'.",
            "CostWatch:Ingest:MaxQueuedSpans must be greater than 0, was 0.",
            "CostWatch:Ingest:SettlePeriod must be a positive duration (for example 00:00:30), was -00:01:00.",
        ], error.Failures);
    }

    /// <summary>The number of the newest schema script the binary carries (<c>Schema/Sqlite/000N_*.sql</c>).</summary>
    private static int LatestSchemaVersion() => typeof(CostWatch.Storage.ITelemetryStore).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("CostWatch.Storage.Schema.Sqlite.", StringComparison.Ordinal))
        .Max(n => int.Parse(n["CostWatch.Storage.Schema.Sqlite.".Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture));
}

using System.Data.Common;
using CostWatch.Benchmarks.Report;
using CostWatch.Storage;
using Microsoft.Data.Sqlite;

namespace CostWatch.Benchmarks.Stores;

/// <summary>SQLite files in a temporary directory, deleted afterwards.</summary>
internal sealed class SqliteStoreServer : StoreServer
{
    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-bench-sqlite-").FullName;
    private int _databases;

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string DisplayName => "SQLite";

    public override Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, $"bench-{Interlocked.Increment(ref _databases)}.db");
        return Task.FromResult(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
    }

    public override Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        SqliteConnection.ClearAllPools();
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<(string Name, string Value)>> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        var version = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return
        [
            ("version", version),
            ("settings", "journal_mode=WAL, synchronous=FULL (the store's own; every commit is fsynced)"),
            ("database file on", MachineInfo.FileSystemOf(_directory)),
        ];
    }

    public override Task<int?> ServerParentProcessIdAsync(CancellationToken cancellationToken) =>
        Task.FromResult<int?>(null);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {_directory}: {e.Message}");
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Unpooled, so no handle on the file outlives the query; the busy timeout rides out the worker's commits.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 30 };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}

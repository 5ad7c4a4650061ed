using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests;

/// <summary>A migrated store on a database of its own: a temporary SQLite file or a fresh PostgreSQL database.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _postgresDatabase;

    private TestStore(StorageProvider provider, string connectionString, string? directory, string? postgresDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresDatabase = postgresDatabase;
        Store = NewInstance();
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    public ITelemetryStore Store { get; }

    public static async Task<TestStore> CreateAsync(StorageProvider provider, bool migrate = true)
    {
        TestStore store;
        if (provider == StorageProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("costwatch-test-").FullName;
            store = new TestStore(provider, $"Data Source={Path.Combine(directory, "costwatch.db")}", directory, null);
        }
        else
        {
            var connectionString = await PostgresServer.CreateDatabaseAsync();
            store = new TestStore(provider, connectionString, null, connectionString);
        }

        if (migrate)
        {
            await store.Store.MigrateAsync(CancellationToken.None);
        }

        return store;
    }

    /// <summary>Another store on the same database, as a second worker replica would have.</summary>
    public ITelemetryStore NewInstance() => TelemetryStoreFactory.Create(Provider, ConnectionString);

    /// <summary>Runs SQL on a connection of the test's own, outside the store under test.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using System.Data.Common.DbConnection connection = Provider == StorageProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString)
            : new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads rows with SQL on a connection of the test's own.</summary>
    public Task<List<object[]>> QueryAsync(string sql) => SqlQuery.RowsAsync(Provider, ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }

        if (_postgresDatabase is not null)
        {
            await PostgresServer.DropDatabaseAsync(_postgresDatabase);
        }
    }
}

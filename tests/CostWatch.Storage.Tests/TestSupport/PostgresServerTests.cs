using CostWatch.TestSupport;
using Npgsql;

namespace CostWatch.Storage.Tests.TestSupport;

/// <summary>
/// The PostgreSQL fixture: every test class gets a working database of its own, dropped afterwards. Every test
/// here is a PostgresFact because the class creates its database before each test.
/// </summary>
public sealed class PostgresServerTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(_connectionString);

    [PostgresFact]
    public async Task CreateDatabaseAsync_GivesAWorkingDatabase()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();

        Assert.Equal(1, await Scalar<int>(connection, "SELECT 1"));
        var database = await Scalar<string>(connection, "SELECT current_database()");
        Assert.Equal(new NpgsqlConnectionStringBuilder(_connectionString).Database, database);
        Assert.StartsWith("cw_test_", database, StringComparison.Ordinal);
        Assert.Equal("UTF8", await Scalar<string>(connection, "SHOW server_encoding"));
    }

    [PostgresFact]
    public async Task CreateDatabaseAsync_CalledTwice_GivesIsolatedDatabases()
    {
        var other = await PostgresServer.CreateDatabaseAsync();
        try
        {
            Assert.NotEqual(_connectionString, other);
            await using (var connection = new NpgsqlConnection(_connectionString))
            {
                await connection.OpenAsync();
                await Scalar<int>(connection, "CREATE TABLE only_here (id int); SELECT 0");
            }

            await using var otherConnection = new NpgsqlConnection(other);
            await otherConnection.OpenAsync();
            Assert.Equal(0L, await Scalar<long>(otherConnection, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(other);
        }
    }

    [PostgresFact]
    public async Task DropDatabaseAsync_WithSessionsStillOpen_DropsTheDatabase()
    {
        var doomed = await PostgresServer.CreateDatabaseAsync();
        await using var session = new NpgsqlConnection(doomed);
        await session.OpenAsync();

        await PostgresServer.DropDatabaseAsync(doomed);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Scalar<int>(session, "SELECT 1"));
        await using var server = new NpgsqlConnection(PostgresServer.ConnectionString);
        await server.OpenAsync();
        var name = new NpgsqlConnectionStringBuilder(doomed).Database;
        Assert.Equal(0L, await Scalar<long>(server, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"));
    }

    [PostgresFact]
    public async Task DropDatabaseAsync_OfADatabaseItDidNotCreate_Throws()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => PostgresServer.DropDatabaseAsync("Host=127.0.0.1;Username=postgres;Database=postgres"));
        Assert.Contains("'postgres'", exception.Message, StringComparison.Ordinal);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

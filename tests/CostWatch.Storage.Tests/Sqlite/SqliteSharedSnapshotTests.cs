using System.Data.Common;
using CostWatch.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CostWatch.Storage.Tests.Sqlite;

/// <summary>
/// Readers of one SQLite snapshot: a write committed after the first reader's snapshot is seen by none of them,
/// however late the others start reading; a database without a snapshot to share gives no readers.
/// </summary>
public sealed class SqliteSharedSnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-snapshot-").FullName;

    [Fact]
    public async Task AWriteBetweenTheFirstReadersSnapshotAndTheNextReader_IsSeenByNoReader()
    {
        var database = $"Data Source={Path.Combine(_directory, "shared.db")};Pooling=False";
        // Open throughout, as the worker's pool is: the last connection to close empties the log, and an empty log
        // has no snapshot to share.
        await using var writer = await OpenAsync(database, CancellationToken.None);
        await using (var setup = writer.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE calls (id INTEGER PRIMARY KEY); INSERT INTO calls VALUES (1)";
            await setup.ExecuteNonQueryAsync();
        }

        var opened = 0;

        await using var readers = await SqliteSharedSnapshot.OpenAsync(async cancellationToken =>
        {
            if (opened++ == 1)
            {
                // The first reader holds its snapshot now: this commit comes after it.
                await ExecuteAsync(database, "INSERT INTO calls VALUES (2)");
            }

            return await OpenAsync(database, cancellationToken);
        }, count: 3, CancellationToken.None);

        Assert.NotNull(readers);
        Assert.Equal(3, opened);
        var counts = await Task.WhenAll(readers.Connections.Select((c, i) => CountAsync(c, readers.Transactions[i])));
        Assert.Equal([1L, 1L, 1L], counts);
        Assert.Equal(2L, await CountAsync(database));
    }

    [Fact]
    public async Task ADatabaseWhoseLogIsStillEmpty_SharesNoSnapshot()
    {
        var database = $"Data Source={Path.Combine(_directory, "fresh.db")};Pooling=False";
        await ExecuteAsync(database, "PRAGMA journal_mode=WAL; CREATE TABLE calls (id INTEGER PRIMARY KEY)");

        var readers = await SqliteSharedSnapshot.OpenAsync(cancellationToken => OpenAsync(database, cancellationToken),
            count: 2, CancellationToken.None);

        Assert.Null(readers);
    }

    [Fact]
    public async Task AnInMemoryDatabase_WithoutAWriteAheadLog_SharesNoSnapshot()
    {
        var database = $"Data Source=shared-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        await using var keepAlive = new SqliteConnection(database);
        await keepAlive.OpenAsync();
        await ExecuteAsync(database, "CREATE TABLE calls (id INTEGER PRIMARY KEY)");

        var readers = await SqliteSharedSnapshot.OpenAsync(cancellationToken => OpenAsync(database, cancellationToken),
            count: 2, CancellationToken.None);

        Assert.Null(readers);
    }

    // Every connection to the files was unpooled: clearing the pools here would close other tests' connections.
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<DbConnection> OpenAsync(string database, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(database);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string database)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        return await CountAsync(connection, null);
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM calls";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Data.Common;
using CostWatch.Storage.Postgres;
using CostWatch.TestSupport;
using Npgsql;

namespace CostWatch.Storage.Tests.Postgres;

/// <summary>
/// Readers of one exported PostgreSQL snapshot: a write committed after the first reader's snapshot is seen by none
/// of them, however late the others start, and none plans parallel workers of its own.
/// </summary>
public sealed class PostgresSharedSnapshotTests
{
    [PostgresFact]
    public async Task AWriteBetweenTheFirstReadersSnapshotAndTheNextReader_IsSeenByNoReader()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await ExecuteAsync(database, "CREATE TABLE calls (id bigint PRIMARY KEY); INSERT INTO calls VALUES (1)");
            var opened = 0;

            await using var readers = await PostgresSharedSnapshot.OpenAsync(async cancellationToken =>
            {
                if (opened++ == 1)
                {
                    // The first reader holds its snapshot now: this commit comes after it.
                    await ExecuteAsync(database, "INSERT INTO calls VALUES (2)");
                }

                var connection = new NpgsqlConnection(database);
                await connection.OpenAsync(cancellationToken);
                return connection;
            }, count: 3, CancellationToken.None);

            Assert.Equal(3, opened);
            var counts = new List<string>();
            for (var i = 0; i < readers.Connections.Count; i++)
            {
                counts.Add($"{await ScalarAsync(readers.Connections[i], readers.Transactions[i], "SELECT count(*) FROM calls")}" +
                           $" {await ScalarAsync(readers.Connections[i], readers.Transactions[i], "SHOW max_parallel_workers_per_gather")}");
            }

            Assert.Equal(["1 0", "1 0", "1 0"], counts);
            await using var after = new NpgsqlConnection(database);
            await after.OpenAsync();
            Assert.Equal(2L, await ScalarAsync(after, null, "SELECT count(*) FROM calls"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await ScalarAsync(connection, null, sql);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

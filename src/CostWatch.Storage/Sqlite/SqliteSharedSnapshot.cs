using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostWatch.Storage.Sqlite;

/// <summary>
/// Read transactions on several connections over one WAL snapshot (<c>sqlite3_snapshot_get</c> on the first,
/// <c>sqlite3_snapshot_open</c> on the others), so that one query can be read in parts at the same time and the
/// parts still add up: a rollup pass committing in between is seen by none of them or, after a retry, by all.
/// </summary>
internal static class SqliteSharedSnapshot
{
    /// <summary>
    /// <paramref name="count"/> readers of one snapshot, or null where SQLite has none to share (a database not in
    /// WAL mode, such as an in-memory one, or one whose log is still empty).
    /// </summary>
    /// <exception cref="SqliteException">A reader could not open the snapshot taken.</exception>
    public static async Task<SnapshotReaders?> OpenAsync(Func<CancellationToken, Task<DbConnection>> open, int count,
        CancellationToken cancellationToken)
    {
        var readers = new SnapshotReaders();
        try
        {
            var first = await BeginAsync(open, readers, cancellationToken);
            // A deferred transaction takes its snapshot at its first read.
            await ReadAsync(first, readers.Transactions[0], cancellationToken);

            var got = raw.sqlite3_snapshot_get(first.Handle, "main", out var snapshot);
            using (snapshot)
            {
                if (got != raw.SQLITE_OK)
                {
                    // Only a database in WAL mode has snapshots, and only once a transaction has been written to
                    // its log: not yet after the database was opened afresh, or ever in memory.
                    await readers.DisposeAsync();
                    return null;
                }

                for (var i = 1; i < count; i++)
                {
                    var next = await BeginAsync(open, readers, cancellationToken);
                    var opened = raw.sqlite3_snapshot_open(next.Handle, "main", snapshot);
                    if (opened != raw.SQLITE_OK)
                    {
                        throw Failure(next, opened, "sqlite3_snapshot_open");
                    }
                }
            }

            return readers;
        }
        catch
        {
            await readers.DisposeAsync();
            throw;
        }
    }

    private static async Task<SqliteConnection> BeginAsync(Func<CancellationToken, Task<DbConnection>> open,
        SnapshotReaders readers, CancellationToken cancellationToken)
    {
        var (connection, _) = await readers.AddAsync(open, async (opened, token) =>
        {
            // A connection finds the write-ahead log at its first read; before that it has no snapshot to open.
            await ReadAsync((SqliteConnection)opened, null, token);
            return ((SqliteConnection)opened).BeginTransaction(deferred: true);
        }, cancellationToken);
        return (SqliteConnection)connection;
    }

    private static async Task ReadAsync(SqliteConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = (SqliteTransaction?)transaction;
        read.CommandText = "SELECT 1 FROM sqlite_schema LIMIT 1";
        await read.ExecuteScalarAsync(cancellationToken);
    }

    private static SqliteException Failure(SqliteConnection connection, int code, string call) =>
        new($"{call} failed ({code}): {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}", code);
}

using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostWatch.Storage.Sqlite;

/// <summary>
/// The SQLite ingest hot path: one prepared <c>INSERT OR IGNORE</c> bound by position on the connection's own
/// statement handle. Microsoft.Data.Sqlite would build a reader and re-bind every parameter through its value
/// binders on each row, which costs several times the insert itself. Runs inside the caller's transaction;
/// failures surface as <see cref="SqliteException"/> like any other store error.
/// </summary>
internal sealed class SqliteRowInserter<T> : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly TableShape<T> _table;

    private SqliteRowInserter(sqlite3 db, sqlite3_stmt statement, TableShape<T> table)
    {
        _db = db;
        _statement = statement;
        _table = table;
    }

    /// <param name="changeSeq">The write transaction's number, stored as every row's <c>change_seq</c>; null for tables without one.</param>
    public static SqliteRowInserter<T> Prepare(SqliteConnection connection, TableShape<T> table, long? changeSeq)
    {
        var db = connection.Handle!;
        var placeholders = string.Join(", ", Enumerable.Repeat("?", table.Columns.Count));
        var sql = changeSeq is { } seq
            ? $"INSERT OR IGNORE INTO {table.Name} ({table.ColumnList}, change_seq) VALUES ({placeholders}, {seq})"
            : $"INSERT OR IGNORE INTO {table.Name} ({table.ColumnList}) VALUES ({placeholders})";
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return new SqliteRowInserter<T>(db, statement, table);
    }

    /// <summary>Inserts the rows; returns how many were new (a row already stored is ignored).</summary>
    public int InsertAll(List<T> rows)
    {
        var inserted = 0;
        var columns = _table.Columns;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                Bind(i + 1, columns[i].Type, columns[i].Get(row));
            }

            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                raw.sqlite3_reset(_statement);
                Check(_db, result);
            }

            inserted += raw.sqlite3_changes(_db);
            raw.sqlite3_reset(_statement);
        }

        return inserted;
    }

    public void Dispose() => _statement.Dispose();

    private void Bind(int index, ColumnType type, object? value)
    {
        var result = value switch
        {
            null => raw.sqlite3_bind_null(_statement, index),
            Guid traceId => raw.sqlite3_bind_blob(_statement, index, traceId.ToByteArray(bigEndian: true)),
            DateTime time => raw.sqlite3_bind_int64(_statement, index, SqliteTelemetryStore.ToMicros(time)),
            string text => raw.sqlite3_bind_text(_statement, index, text),
            decimal money => raw.sqlite3_bind_text(_statement, index, SqliteMoneyFunctions.Format(money)),
            bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
            ulong spanId => raw.sqlite3_bind_int64(_statement, index, unchecked((long)spanId)),
            long number => raw.sqlite3_bind_int64(_statement, index, number),
            int number => raw.sqlite3_bind_int64(_statement, index, number),
            short number => raw.sqlite3_bind_int64(_statement, index, number),
            _ => throw new InvalidOperationException($"Column type {type} ({value.GetType()}) has no SQLite mapping."),
        };
        Check(_db, result);
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result);
        }
    }
}

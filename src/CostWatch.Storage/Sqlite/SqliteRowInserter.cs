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
        return new SqliteRowInserter<T>(db, SqliteValueBinder.Prepare(db, sql), table);
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
                SqliteValueBinder.Bind(_db, _statement, i + 1, columns[i].Get(row));
            }

            inserted += SqliteValueBinder.Step(_db, _statement);
        }

        return inserted;
    }

    public void Dispose() => _statement.Dispose();
}

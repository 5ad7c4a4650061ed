using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostWatch.Storage.Sqlite;

/// <summary>
/// Binds CLR values by position straight onto a prepared statement's handle, as the store stores them: trace ids as
/// big-endian blobs, times as Unix microseconds, money as decimal text. The hot write paths use it instead of
/// Microsoft.Data.Sqlite's parameters, which look every parameter up by name and re-bind it on each execution.
/// </summary>
internal static class SqliteValueBinder
{
    public static void Bind(sqlite3 db, sqlite3_stmt statement, int index, object? value)
    {
        var result = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            Guid traceId => raw.sqlite3_bind_blob(statement, index, traceId.ToByteArray(bigEndian: true)),
            DateTime time => raw.sqlite3_bind_int64(statement, index, SqliteTelemetryStore.ToMicros(time)),
            string text => raw.sqlite3_bind_text(statement, index, text),
            decimal money => raw.sqlite3_bind_text(statement, index, SqliteMoneyFunctions.Format(money)),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            ulong spanId => raw.sqlite3_bind_int64(statement, index, unchecked((long)spanId)),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            _ => throw new InvalidOperationException($"Values of type {value.GetType()} have no SQLite mapping."),
        };
        Check(db, result);
    }

    /// <summary>Runs the bound statement once and resets it; returns the rows it changed.</summary>
    public static int Step(sqlite3 db, sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        if (result != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            Check(db, result);
        }

        var changed = raw.sqlite3_changes(db);
        raw.sqlite3_reset(statement);
        return changed;
    }

    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    public static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result);
        }
    }
}

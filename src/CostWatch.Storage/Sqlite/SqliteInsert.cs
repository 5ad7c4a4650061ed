using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CostWatch.Storage.Sqlite;

/// <summary>A prepared <c>INSERT OR IGNORE</c> of a fixed number of rows into one record table.</summary>
internal sealed class SqliteInsert<T> : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;
    private readonly TableShape<T> _table;
    private readonly int _rows;

    private SqliteInsert(SqliteCommand command, SqliteParameter[] parameters, TableShape<T> table, int rows)
    {
        _command = command;
        _parameters = parameters;
        _table = table;
        _rows = rows;
    }

    public static async Task<SqliteInsert<T>> PrepareAsync(DbConnection connection, DbTransaction transaction,
        TableShape<T> table, int rows, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Count;
        var values = Enumerable.Range(0, rows)
            .Select(r => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"@p{r * columns + c}")) + ")");
        var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT OR IGNORE INTO {table.Name} ({table.ColumnList}) VALUES {string.Join(", ", values)}";
        var parameters = new SqliteParameter[rows * columns];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter($"@p{i}", null));
        }

        await command.PrepareAsync(cancellationToken);
        return new SqliteInsert<T>(command, parameters, table, rows);
    }

    /// <summary>Inserts rows[offset .. offset + rows); returns how many were new.</summary>
    public int Execute(List<T> rows, int offset, Func<object?, object> toSqlite)
    {
        var columns = _table.Columns;
        for (var r = 0; r < _rows; r++)
        {
            var row = rows[offset + r];
            for (var c = 0; c < columns.Count; c++)
            {
                _parameters[r * columns.Count + c].Value = toSqlite(columns[c].Get(row));
            }
        }

        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}

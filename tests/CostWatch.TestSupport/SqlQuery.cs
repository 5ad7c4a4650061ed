using System.Data.Common;
using CostWatch.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CostWatch.TestSupport;

/// <summary>SQL on a connection of the test's own, outside the store under test: to check what really reached the database.</summary>
public static class SqlQuery
{
    public static async Task<List<object[]>> RowsAsync(StorageProvider provider, string connectionString, string sql)
    {
        await using DbConnection connection = provider == StorageProvider.Sqlite
            ? new SqliteConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}

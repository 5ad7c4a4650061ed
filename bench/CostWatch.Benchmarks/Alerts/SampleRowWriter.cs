using System.Globalization;
using CostWatch.Storage;
using CostWatch.Storage.Rollups;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// Writes aggregated rows into their table, column by column as the store's own <see cref="RollupShape{TKey,TTotals}"/>
/// describes them: PostgreSQL by binary COPY, SQLite by a prepared insert in one transaction. Seeding only: the rows
/// are new, so nothing is merged.
/// </summary>
internal static class SampleRowWriter
{
    public static async Task<long> WriteAsync<TKey, TTotals>(StorageProvider provider, string connectionString,
        RollupShape<TKey, TTotals> shape, IReadOnlyCollection<KeyValuePair<TKey, TTotals>> rows, CancellationToken cancellationToken)
        where TKey : notnull
    {
        if (provider == StorageProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {shape.Table} ({shape.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var (key, totals) in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                foreach (var column in shape.Columns)
                {
                    await WriteAsync(copy, column.Get(key, totals), cancellationToken);
                }
            }

            return (long)await copy.CompleteAsync(cancellationToken);
        }

        await using var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync(cancellationToken);
        await using var insert = sqlite.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {shape.Table} ({shape.ColumnList}) VALUES (" +
                             string.Join(", ", shape.Columns.Select((_, i) => $"@p{i}")) + ")";
        var parameters = shape.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"@p{i}" })).ToArray();
        insert.Prepare();
        long written = 0;
        foreach (var (key, totals) in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                // Money is decimal text in SQLite, as the store writes it.
                var value = shape.Columns[i].Get(key, totals);
                parameters[i].Value = value is decimal money ? money.ToString(CultureInfo.InvariantCulture) : value;
            }

            written += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, object value, CancellationToken cancellationToken) => value switch
    {
        long number => copy.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken),
        int number => copy.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken),
        string text => copy.WriteAsync(text, NpgsqlDbType.Text, cancellationToken),
        decimal money => copy.WriteAsync(money, NpgsqlDbType.Numeric, cancellationToken),
        _ => throw new InvalidOperationException($"no COPY type for a {value.GetType().Name} column"),
    };
}

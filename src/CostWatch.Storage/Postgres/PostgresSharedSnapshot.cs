using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;

namespace CostWatch.Storage.Postgres;

/// <summary>
/// Repeatable-read transactions on several connections over one snapshot (<c>pg_export_snapshot</c> in the first,
/// <c>SET TRANSACTION SNAPSHOT</c> in the others), so that one query can be read in parts at the same time and the
/// parts still add up. Each part runs without parallel workers of its own: the parts are the query's parallelism.
/// </summary>
internal static partial class PostgresSharedSnapshot
{
    public static async Task<SnapshotReaders> OpenAsync(Func<CancellationToken, Task<DbConnection>> open, int count,
        CancellationToken cancellationToken)
    {
        var readers = new SnapshotReaders();
        try
        {
            string? snapshot = null;
            for (var i = 0; i < count; i++)
            {
                var (connection, transaction) = await readers.AddAsync(open, async (opened, token) =>
                    await opened.BeginTransactionAsync(IsolationLevel.RepeatableRead, token), cancellationToken);
                // The import must come before the transaction's first query; the export is that first query.
                var first = snapshot is null ? "SELECT pg_export_snapshot()" : $"SET TRANSACTION SNAPSHOT '{snapshot}'";
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"{first}; SET LOCAL max_parallel_workers_per_gather = 0";
                var exported = await command.ExecuteScalarAsync(cancellationToken) as string;
                snapshot ??= exported is not null && SnapshotId().IsMatch(exported)
                    ? exported
                    : throw new InvalidOperationException($"pg_export_snapshot() answered '{exported}', not a snapshot id.");
            }

            return readers;
        }
        catch
        {
            await readers.DisposeAsync();
            throw;
        }
    }

    /// <summary>What <c>pg_export_snapshot</c> answers, such as <c>00000003-0000001B-1</c>: safe to quote in SQL.</summary>
    [GeneratedRegex("^[0-9A-F-]+$")]
    private static partial Regex SnapshotId();
}

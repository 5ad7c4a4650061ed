using System.Data.Common;
using System.Globalization;
using CostWatch.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CostWatch.TestSupport.Rollups;

/// <summary>
/// Writes rollup rows straight into a migrated database, bypassing the rollup job: for query tests and for the
/// API benchmark's 30 days of data. PostgreSQL gets binary COPY, SQLite prepared inserts in one transaction.
/// </summary>
public static class RollupTableWriter
{
    private const string LlmColumns =
        "resolution, bucket_start, agent, session, model, provider, service, user_id, dimensions, calls, failed_calls, " +
        "input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, unpriced_calls, " +
        "duration_us, first_seen, last_seen";

    private const string RunColumns =
        "resolution, bucket_start, agent, session, service, user_id, dimensions, runs, failed_runs, iterations, " +
        "duration_us, first_seen, last_seen";

    /// <summary>Writes the rows; returns how many LLM rollup rows were written.</summary>
    public static async Task<long> WriteAsync(StorageProvider provider, string connectionString,
        IEnumerable<LlmRollupRow> llmRows, IEnumerable<RunRollupRow>? runRows = null,
        CancellationToken cancellationToken = default)
    {
        return provider == StorageProvider.Postgres
            ? await CopyToPostgresAsync(connectionString, llmRows, runRows ?? [], cancellationToken)
            : await InsertIntoSqliteAsync(connectionString, llmRows, runRows ?? [], cancellationToken);
    }

    private static async Task<long> CopyToPostgresAsync(string connectionString, IEnumerable<LlmRollupRow> llmRows,
        IEnumerable<RunRollupRow> runRows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ulong written;
        await using (var copy = await connection.BeginBinaryImportAsync(
                         $"COPY llm_rollups ({LlmColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var r in llmRows)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.Write(r.Resolution, NpgsqlDbType.Integer);
                copy.Write(r.BucketStart, NpgsqlDbType.Bigint);
                foreach (var text in new[] { r.Agent, r.Session, r.Model, r.Provider, r.Service, r.User, r.Dimensions })
                {
                    copy.Write(text, NpgsqlDbType.Text);
                }

                foreach (var number in new[] { r.Calls, r.FailedCalls, r.InputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.OutputTokens, r.ReasoningTokens })
                {
                    copy.Write(number, NpgsqlDbType.Bigint);
                }

                copy.Write(r.CostUsd, NpgsqlDbType.Numeric);
                foreach (var number in new[] { r.UnpricedCalls, r.DurationMicros, r.FirstSeen, r.LastSeen })
                {
                    copy.Write(number, NpgsqlDbType.Bigint);
                }
            }

            written = await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         $"COPY run_rollups ({RunColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var r in runRows)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.Write(r.Resolution, NpgsqlDbType.Integer);
                copy.Write(r.BucketStart, NpgsqlDbType.Bigint);
                foreach (var text in new[] { r.Agent, r.Session, r.Service, r.User, r.Dimensions })
                {
                    copy.Write(text, NpgsqlDbType.Text);
                }

                foreach (var number in new[] { r.Runs, r.FailedRuns, r.Iterations, r.DurationMicros, r.FirstSeen, r.LastSeen })
                {
                    copy.Write(number, NpgsqlDbType.Bigint);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (long)written;
    }

    private static async Task<long> InsertIntoSqliteAsync(string connectionString, IEnumerable<LlmRollupRow> llmRows,
        IEnumerable<RunRollupRow> runRows, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var busy = connection.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout=10000";
            await busy.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long written = 0;
        await using (var insert = Prepare(connection, transaction, "llm_rollups", LlmColumns))
        {
            foreach (var r in llmRows)
            {
                Bind(insert, r.Resolution, r.BucketStart, r.Agent, r.Session, r.Model, r.Provider, r.Service, r.User,
                    r.Dimensions, r.Calls, r.FailedCalls, r.InputTokens, r.CacheReadTokens, r.CacheWriteTokens,
                    r.OutputTokens, r.ReasoningTokens, r.CostUsd.ToString(CultureInfo.InvariantCulture), r.UnpricedCalls,
                    r.DurationMicros, r.FirstSeen, r.LastSeen);
                written += await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var insert = Prepare(connection, transaction, "run_rollups", RunColumns))
        {
            foreach (var r in runRows)
            {
                Bind(insert, r.Resolution, r.BucketStart, r.Agent, r.Session, r.Service, r.User, r.Dimensions, r.Runs,
                    r.FailedRuns, r.Iterations, r.DurationMicros, r.FirstSeen, r.LastSeen);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private static DbCommand Prepare(SqliteConnection connection, DbTransaction transaction, string table, string columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        var count = columns.Split(',').Length;
        command.CommandText =
            $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@p{i}"))})";
        for (var i = 0; i < count; i++)
        {
            command.Parameters.Add(new SqliteParameter($"@p{i}", null));
        }

        command.Prepare();
        return command;
    }

    private static void Bind(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}

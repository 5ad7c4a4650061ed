using System.Data.Common;
using System.Globalization;
using CostWatch.Storage;

namespace CostWatch.Benchmarks.Stores;

/// <summary>Where the benchmark's fresh databases come from, and the few queries it makes of them itself.</summary>
internal abstract class StoreServer : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    public abstract string DisplayName { get; }

    /// <summary>Creates an empty database and returns its connection string, as the worker is configured with it.</summary>
    public abstract Task<string> CreateDatabaseAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes a database made by <see cref="CreateDatabaseAsync"/> once its phase is over. On PostgreSQL a database
    /// left behind is still visited by autovacuum, which then vacuums its millions of rows while later phases are
    /// measured.
    /// </summary>
    public abstract Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>The settings that decide durability and speed, as name and value, for the report.</summary>
    public abstract Task<IReadOnlyList<(string Name, string Value)>> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The process whose children are the database server (null for SQLite, which runs inside the worker), for
    /// CPU accounting.
    /// </summary>
    public abstract Task<int?> ServerParentProcessIdAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Writes out what earlier phases left dirty (a checkpoint), so every timed phase, the worker's run and each
    /// ceiling variant alike, starts from the same clean state rather than paying for its predecessor.
    /// </summary>
    public virtual Task CheckpointAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>LLM and tool calls still waiting for their agent run (attribution = 0).</summary>
    public Task<long> CountPendingCallsAsync(string connectionString, CancellationToken cancellationToken) =>
        ScalarAsync(connectionString,
            "SELECT (SELECT COUNT(*) FROM llm_calls WHERE attribution = 0) + (SELECT COUNT(*) FROM tool_calls WHERE attribution = 0)",
            cancellationToken);

    public Task<long> CountSpansAsync(string connectionString, CancellationToken cancellationToken) =>
        ScalarAsync(connectionString,
            "SELECT (SELECT COUNT(*) FROM llm_calls) + (SELECT COUNT(*) FROM agent_runs) + " +
            "(SELECT COUNT(*) FROM tool_calls) + (SELECT COUNT(*) FROM span_links)",
            cancellationToken);

    /// <summary>
    /// When the oldest record that is final (attributed, or a run) but not yet rolled up was received; null when
    /// every such record is rolled up.
    /// </summary>
    public async Task<DateTime?> OldestUnrolledRecordAsync(string connectionString, CancellationToken cancellationToken)
    {
        var sql = "SELECT MIN(t) FROM (" +
                  "SELECT MIN(received_at) AS t FROM llm_calls WHERE attribution <> 0 AND change_seq >= (SELECT done FROM rollup_progress) " +
                  "UNION ALL SELECT MIN(received_at) FROM agent_runs WHERE change_seq >= (SELECT done FROM rollup_progress) " +
                  "UNION ALL SELECT MIN(received_at) FROM tool_calls WHERE attribution <> 0 AND change_seq >= (SELECT done FROM rollup_progress)) x";
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            null or DBNull => null,
            DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            var micros => DateTime.UnixEpoch.AddTicks(Convert.ToInt64(micros, CultureInfo.InvariantCulture) * 10),
        };
    }

    protected abstract Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken);

    protected async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}

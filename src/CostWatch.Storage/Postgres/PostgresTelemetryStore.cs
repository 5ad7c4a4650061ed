using System.Data.Common;
using CostWatch.Storage.Rollups;
using Npgsql;
using NpgsqlTypes;

namespace CostWatch.Storage.Postgres;

/// <summary>
/// The production store: PostgreSQL through one <see cref="NpgsqlDataSource"/>. Writes go by binary COPY
/// straight into the tables; only when a group collides with spans already stored (a retried export) does
/// it fall back to COPY into temporary tables and <c>INSERT ... ON CONFLICT DO NOTHING</c>. Nothing here is
/// unique to one process, so several replicas can share the database.
/// </summary>
internal sealed class PostgresTelemetryStore(NpgsqlDataSource dataSource) : SqlTelemetryStore, IAsyncDisposable
{
    private const string UniqueViolation = "23505";

    /// <summary>An arbitrary constant: the advisory lock key that serialises migrations across replicas.</summary>
    private const long MigrationLockKey = 0x436F_7374_5761_7463;

    /// <summary>The advisory lock key that serialises rollup writers across replicas (docs/rollups.md).</summary>
    private const long RollupLockKey = 0x436F_7374_526F_6C6C;

    /// <summary>The advisory lock key that lets one replica at a time run an alert evaluation round.</summary>
    private const long AlertLockKey = 0x436F_7374_416C_7274;

    /// <summary>The advisory lock key that lets one replica at a time take outbox events and look at notification groups.</summary>
    private const long NotificationLockKey = 0x436F_7374_4E6F_7469;

    /// <summary>Rows per statement that takes its rows as one array per column (rollup upserts, attribution).</summary>
    private const int ArrayChunk = 5_000;

    /// <summary>After a collision, the next groups take the deduplicating path straight away.</summary>
    private const int DeduplicatingGroupsAfterCollision = 16;

    /// <summary>The record tables a rollup pass finds its window in, through their BRIN indexes <c>{table}_change_seq</c>.</summary>
    private static readonly string[] WindowTables =
        [RecordTables.AgentRuns.Name, RecordTables.LlmCalls.Name, RecordTables.ToolCalls.Name];

    /// <summary>
    /// How long summarizing waits for a table's lock: under the deadlock timeout (1 s by default), after which a
    /// waiting lock request cancels an autovacuum of the table, which must never be cancelled pass after pass.
    /// </summary>
    private const string SummarizeLockTimeout = "100ms";

    private int _deduplicatingGroupsLeft;

    private bool _rollupIndexesNotOwned;

    protected override async Task<SnapshotReaders?> OpenSnapshotReadersAsync(int count, CancellationToken cancellationToken) =>
        await PostgresSharedSnapshot.OpenAsync(OpenAsync, count, cancellationToken);

    public override StorageProvider Provider => StorageProvider.Postgres;

    protected override string SchemaFolder => "Postgres";

    protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
        Add(command, "key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<bool> SchemaVersionTableExistsAsync(DbConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "SELECT to_regclass('schema_version') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The column's default is the same expression: inserts and attribution updates are stamped alike.
    protected override Task<string> ChangeSeqSqlAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) => Task.FromResult("pg_current_xact_id()::text::bigint");

    protected override string TraceFilter(DbCommand command, IReadOnlyCollection<Guid> traceIds)
    {
        Add(command, "traces", traceIds.ToArray());
        // A semi-join on the unnested ids, not `= ANY(...)`: on tables without statistics yet (a fresh database
        // filling fast) the planner sequentially scanned whole tables for `= ANY`; this form probes the primary key.
        return "trace_id IN (SELECT unnest(@traces))";
    }

    // One primary-key probe per trace, whatever the statistics say: until autovacuum first analyzes a table
    // filling fast (a fresh database under load), the planner estimates thousands of rows per trace id, so for
    // `IN (SELECT unnest(...))` and `= ANY(...)` alike it hashed the ids and scanned the whole table (255 ms per
    // attribution pass at 700k calls under the ingest benchmark). OFFSET 0 keeps the lateral subquery from being
    // flattened back into that join.
    protected override string SelectByTrace(string columns, string table, string traceFilter) =>
        $"SELECT {columns} FROM unnest(@traces) AS wanted(trace) CROSS JOIN LATERAL " +
        $"(SELECT * FROM {table} WHERE trace_id = wanted.trace OFFSET 0) AS {table}";

    // Not a probe per trace: `attribution = 0` makes both partial indexes on pending calls usable, and after an
    // ANALYZE that found none pending the planner takes them for empty and may scan all of llm_calls_pending (by
    // received_at) for every trace, a read that grows with the traces times the calls pending: 42 s for one lookup
    // under the ingest benchmark, 6 s for 8,000 traces over 6,000 pending calls in a reproduction. `= ANY` over the
    // array (a constant in the custom plan) is answered either by llm_calls_pending_trace or, at worst, by one scan
    // of the pending calls against a hash of the ids: 13 ms in that reproduction. Nor can a table without
    // statistics yet lead it to a whole-table scan, as it did the trace graph above: only pending calls are asked for.
    // @traces is the array TraceFilter put on the command; its semi-join form is the one not to use here.
    protected override string SelectPendingByTrace(string columns, string table, string traceFilter) =>
        $"SELECT {columns} FROM {table} WHERE trace_id = ANY(@traces) AND attribution = 0";

    protected override object ToDb(Guid traceId) => traceId;

    protected override object ToDb(DateTime utc) => utc;

    protected override object ToDbMoney(decimal amount) => amount;

    protected override async Task<bool> LockRollupsAsync(DbConnection connection, DbTransaction transaction,
        bool wait, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            wait ? "SELECT pg_advisory_xact_lock(@key) IS NULL" : "SELECT pg_try_advisory_xact_lock(@key)");
        Add(command, "key", RollupLockKey);
        var acquired = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        return wait || acquired;
    }

    /// <remarks>
    /// A BRIN index only summarizes the page ranges that existed when the table was last vacuumed; a bitmap scan
    /// reads every page of the ranges added since, since any of them might match. Insert-driven autovacuum comes
    /// after a fifth of the table has been added, so without this a pass read every page written in that time, not
    /// its window: 43,354 pages instead of 2,304 in one measurement, and the more the table held, the worse.
    /// Summarizing takes a lock that a vacuum of the table holds too, so each table is taken in a short
    /// transaction of its own, never the pass's, and given up on after <see cref="SummarizeLockTimeout"/>.
    /// </remarks>
    public override async Task SummarizeRollupIndexesAsync(CancellationToken cancellationToken)
    {
        if (_rollupIndexesNotOwned)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var table in WindowTables)
        {
            // A vacuum running is seen first, so the server does not log a lock timeout as an error each time;
            // the timeout covers one that starts in between.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"SET LOCAL lock_timeout = '{SummarizeLockTimeout}'; " +
                $"SELECT CASE WHEN EXISTS (SELECT FROM pg_locks WHERE relation = '{table}'::regclass " +
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
                "AND mode = 'ShareUpdateExclusiveLock' AND granted) " +
                $"THEN NULL ELSE brin_summarize_new_values('{table}_change_seq'::regclass) END",
                connection, transaction);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                // A vacuum (or analyze) of the table holds it: a vacuum summarizes the index itself, so the next
                // pass finds at most what was written meanwhile. The transaction rolls back as it is disposed.
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // Only the tables' owner may summarize (the user that ran the migrations). Said once.
                _rollupIndexesNotOwned = true;
                throw;
            }
        }
    }

    // A window is the newest records, beyond the change_seq histogram of the last ANALYZE, so the planner cannot
    // know how few rows it holds from statistics (it can for a B-tree index, by looking at the index's end; not for
    // BRIN). Under the ingest benchmark it planned the window reads as parallel sequential scans of whole record
    // tables: 7.4 s for llm_calls and 5.7 s for agent_runs in one pass, on both cores, and more the larger the
    // table. Only for this transaction, and only where an index can serve: the BRIN index always can.
    // Nor in parallel: with the same stale estimate the planner gave the window reads two parallel workers, which
    // pass every row to the pass's backend through a shared-memory queue. The pass is a background job; its reads
    // then took cores from ingest and cost the server more in all: a million-row window took 2.1-2.2 s of server CPU
    // with two workers against 1.6-1.8 s in one backend (PostgreSQL 15, docs/benchmarks.md).
    protected override async Task PlanWindowReadsAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SET LOCAL enable_seqscan = off; SET LOCAL max_parallel_workers_per_gather = 0");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The oldest transaction still running: every change_seq below it belongs to a finished transaction.
    protected override async Task<long> ReadRollupHorizonAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected override async Task<int> UpsertRollupsAsync<TKey, TTotals>(DbConnection connection,
        DbTransaction transaction, RollupShape<TKey, TTotals> shape,
        IReadOnlyCollection<KeyValuePair<TKey, TTotals>> rows, CancellationToken cancellationToken)
    {
        // One statement per chunk: the rows travel as one array per column and are unnested server-side.
        var sql = $"INSERT INTO {shape.Table} ({shape.ColumnList}) SELECT * FROM unnest(" +
                  string.Join(", ", shape.Columns.Select((_, i) => $"@c{i}")) +
                  $") ON CONFLICT ({shape.KeyList}) DO UPDATE SET {shape.MergeList(MergeSql)}";
        var written = 0;
        foreach (var chunk in rows.Chunk(ArrayChunk))
        {
            await using var command = Command(connection, transaction, sql);
            for (var i = 0; i < shape.Columns.Count; i++)
            {
                var column = shape.Columns[i];
                var values = Array.CreateInstance(column.ValueType, chunk.Length);
                for (var r = 0; r < chunk.Length; r++)
                {
                    values.SetValue(column.Get(chunk[r].Key, chunk[r].Value), r);
                }

                Add(command, $"c{i}", values);
            }

            written += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return written;
    }

    // One statement per chunk, the calls travelling as one array per column: a statement per call cost a round
    // trip each, and the settle sweep hands over thousands of calls at once. The planner hashes the pending calls
    // it reads through their partial index (by received_at), statistics or not: bounding received_at to the chunk's
    // calls keeps that read to the pending calls received about then, not a whole backlog (40,000 pending calls
    // among 2 million: 290 ms a statement). Forcing a primary-key probe per call instead made attribution fall
    // behind under the ingest benchmark (docs/benchmarks.md).
    protected override async Task<int> UpdateAttributionAsync(DbConnection connection, DbTransaction transaction,
        string table, string changeSeq, IReadOnlyList<AttributionUpdate> updates, CancellationToken cancellationToken)
    {
        var sql = $"UPDATE {table} AS c SET agent_name = u.agent, agent_id = u.agent_id, session_id = u.session, " +
                  $"user_id = u.user_id, run_span_id = u.run, attribution = u.state, change_seq = {changeSeq} " +
                  "FROM unnest(@traces, @spans, @agents, @agentIds, @sessions, @users, @runs, @states) " +
                  "AS u(trace, span, agent, agent_id, session, user_id, run, state) " +
                  "WHERE c.trace_id = u.trace AND c.span_id = u.span AND c.attribution = 0 " +
                  "AND c.received_at BETWEEN @receivedFrom AND @receivedTo";
        var changed = 0;
        // In time order, so that each chunk's bound is as narrow as its calls allow.
        foreach (var chunk in updates.OrderBy(u => u.ReceivedAt).Chunk(ArrayChunk))
        {
            await using var command = Command(connection, transaction, sql);
            Add(command, "traces", chunk.Select(u => u.TraceId).ToArray());
            Add(command, "spans", chunk.Select(u => unchecked((long)u.SpanId)).ToArray());
            Add(command, "agents", chunk.Select(u => u.Result.AgentName).ToArray());
            Add(command, "agentIds", chunk.Select(u => u.Result.AgentId).ToArray());
            Add(command, "sessions", chunk.Select(u => u.Result.SessionId).ToArray());
            Add(command, "users", chunk.Select(u => u.Result.UserId).ToArray());
            Add(command, "runs", chunk.Select(u => u.Result.RunSpanId is { } run ? unchecked((long)run) : (long?)null).ToArray());
            Add(command, "states", chunk.Select(u => (short)u.Result.State).ToArray());
            // A millisecond of slack each side: a time the caller made itself may be finer than what was stored.
            Add(command, "receivedFrom", chunk.Min(u => u.ReceivedAt).AddMilliseconds(-1));
            Add(command, "receivedTo", chunk.Max(u => u.ReceivedAt).AddMilliseconds(1));
            changed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return changed;
    }

    protected override string LockRowClause => " FOR UPDATE";

    protected override async Task<bool> LockAlertEvaluationAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_try_advisory_xact_lock(@key)");
        Add(command, "key", AlertLockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected override object ToDbBool(bool value) => value;

    protected override async Task<bool> LockNotificationDispatchAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_try_advisory_xact_lock(@key)");
        Add(command, "key", NotificationLockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected override async Task LockAlertStateAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key) IS NULL");
        Add(command, "key", AlertLockKey);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    protected override string SkipLockedClause => " FOR UPDATE SKIP LOCKED";

    protected override string MergeSql(RollupMerge merge, string stored, string added) => merge switch
    {
        RollupMerge.Min => $"LEAST({stored}, {added})",
        RollupMerge.Max => $"GREATEST({stored}, {added})",
        _ => $"{stored} + {added}",
    };

    protected override Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    protected override decimal? ReadMoney(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    protected override string MoneySumSql(string column) => $"SUM({column})";

    protected override string MoneyNegateSql(string moneyExpression) => $"-({moneyExpression})";

    protected override string MoneyOrderSql(string moneyExpression) => moneyExpression;

    protected override string CustomDimensionSql(string parameter) =>
        $"COALESCE(NULLIF(dimensions, '')::jsonb ->> {parameter}, '')";

    protected override object CustomDimensionKey(string name) => name;

    protected override async Task<int> WriteRowsAsync(DeduplicatedRows rows, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _deduplicatingGroupsLeft) > 0)
        {
            Interlocked.Decrement(ref _deduplicatingGroupsLeft);
            return await WriteDeduplicatingAsync(rows, cancellationToken);
        }

        try
        {
            return await CopyRowsAsync(rows, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            // Some span of this group is stored already: nothing of the COPY was committed, so write the
            // group again through the path that skips what exists.
            Volatile.Write(ref _deduplicatingGroupsLeft, DeduplicatingGroupsAfterCollision);
            return await WriteDeduplicatingAsync(rows, cancellationToken);
        }
    }

    /// <summary>The fastest bulk path: binary COPY into the tables in one transaction. Also the benchmark's ceiling.</summary>
    internal async Task<int> CopyRowsAsync(DeduplicatedRows rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var copied = 0;
        copied += await CopyAsync(connection, RecordTables.LlmCalls, RecordTables.LlmCalls.Name, rows.LlmCalls, cancellationToken);
        copied += await CopyAsync(connection, RecordTables.AgentRuns, RecordTables.AgentRuns.Name, rows.AgentRuns, cancellationToken);
        copied += await CopyAsync(connection, RecordTables.ToolCalls, RecordTables.ToolCalls.Name, rows.ToolCalls, cancellationToken);
        copied += await CopyAsync(connection, RecordTables.Links, RecordTables.Links.Name, rows.Links, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private async Task<int> WriteDeduplicatingAsync(DeduplicatedRows rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = 0;
        inserted += await InsertNewAsync(connection, transaction, RecordTables.LlmCalls, rows.LlmCalls, cancellationToken);
        inserted += await InsertNewAsync(connection, transaction, RecordTables.AgentRuns, rows.AgentRuns, cancellationToken);
        inserted += await InsertNewAsync(connection, transaction, RecordTables.ToolCalls, rows.ToolCalls, cancellationToken);
        inserted += await InsertNewAsync(connection, transaction, RecordTables.Links, rows.Links, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static async Task<int> InsertNewAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction,
        TableShape<T> table, List<T> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var staging = table.Name + "_incoming";
        await using (var create = new NpgsqlCommand(
                         $"CREATE TEMP TABLE {staging} (LIKE {table.Name} INCLUDING DEFAULTS) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, table, staging, rows, cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {table.Name} ({table.ColumnList}) SELECT {table.ColumnList} FROM {staging} ON CONFLICT DO NOTHING",
            connection, transaction);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> CopyAsync<T>(NpgsqlConnection connection, TableShape<T> table, string into,
        List<T> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var columns = table.Columns;
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {into} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                WriteValue(writer, column.Type, column.Get(row));
            }
        }

        return (int)await writer.CompleteAsync(cancellationToken);
    }

    // Synchronous writes into COPY's buffer: they only block when the buffer flushes, and are several times
    // cheaper per value than the async overloads on this hot path.
    private static void WriteValue(NpgsqlBinaryImporter writer, ColumnType type, object? value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        switch (type)
        {
            case ColumnType.TraceId:
                writer.Write((Guid)value, NpgsqlDbType.Uuid);
                break;
            case ColumnType.SpanId or ColumnType.NullableSpanId:
                writer.Write(unchecked((long)(ulong)value), NpgsqlDbType.Bigint);
                break;
            case ColumnType.Time:
                writer.Write((DateTime)value, NpgsqlDbType.TimestampTz);
                break;
            case ColumnType.Text or ColumnType.NullableText:
                writer.Write((string)value, NpgsqlDbType.Text);
                break;
            case ColumnType.Long:
                writer.Write((long)value, NpgsqlDbType.Bigint);
                break;
            case ColumnType.Short:
                writer.Write((short)value, NpgsqlDbType.Smallint);
                break;
            case ColumnType.NullableInt:
                writer.Write((int)value, NpgsqlDbType.Integer);
                break;
            case ColumnType.Bool:
                writer.Write((bool)value, NpgsqlDbType.Boolean);
                break;
            case ColumnType.Money:
                writer.Write((decimal)value, NpgsqlDbType.Numeric);
                break;
            default:
                throw new InvalidOperationException($"Column type {type} has no PostgreSQL mapping.");
        }
    }
}

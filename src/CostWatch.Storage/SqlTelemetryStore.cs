using System.Data.Common;
using System.Reflection;
using CostWatch.Core.Attribution;
using CostWatch.Core.Ingest;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>
/// What both SQL stores share: migrations, reads and attribution updates, written once in SQL both dialects
/// accept. The subclasses supply connections, value conversions and the bulk write path.
/// </summary>
internal abstract partial class SqlTelemetryStore : ITelemetryStore
{
    private readonly Lazy<IReadOnlyList<SchemaScript>> _scripts;

    protected SqlTelemetryStore() => _scripts = new Lazy<IReadOnlyList<SchemaScript>>(LoadScripts);

    public abstract StorageProvider Provider { get; }

    protected abstract string SchemaFolder { get; }

    /// <summary>How many trace ids one statement may filter on.</summary>
    protected virtual int TraceFilterChunk => 10_000;

    private int LatestVersion => _scripts.Value.Count == 0 ? 0 : _scripts.Value[^1].Version;

    public async Task<SchemaStatus> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockForMigrationAsync(connection, transaction, cancellationToken);
        await ExecuteAsync(connection, transaction, SchemaVersionTableSql, cancellationToken);

        var current = await ReadSchemaVersionAsync(connection, transaction, cancellationToken);
        if (current > LatestVersion)
        {
            throw new SchemaTooNewException(current, LatestVersion);
        }

        foreach (var script in _scripts.Value.Where(s => s.Version > current))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = Command(connection, transaction,
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt)");
            Add(record, "version", script.Version);
            Add(record, "name", script.Name);
            Add(record, "appliedAt", ToDb(DateTime.UtcNow));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SchemaStatus(Math.Max(current, LatestVersion), LatestVersion);
    }

    public async Task<SchemaStatus> GetSchemaStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await SchemaVersionTableExistsAsync(connection, cancellationToken))
        {
            return new SchemaStatus(0, LatestVersion);
        }

        return new SchemaStatus(await ReadSchemaVersionAsync(connection, null, cancellationToken), LatestVersion);
    }

    public async Task<WriteOutcome> WriteAsync(IReadOnlyList<NormalizedBatch> batches,
        CancellationToken cancellationToken)
    {
        var rows = DeduplicatedRows.From(batches);
        if (rows.Total == 0)
        {
            return new WriteOutcome(0, rows.DuplicatesInBatches);
        }

        var inserted = await WriteRowsAsync(rows, cancellationToken);
        return new WriteOutcome(inserted, rows.Total - inserted + rows.DuplicatesInBatches);
    }

    public async Task<IReadOnlyList<PendingCall>> GetPendingCallsAsync(IReadOnlyCollection<Guid> traceIds,
        CancellationToken cancellationToken)
    {
        var result = new List<PendingCall>();
        if (traceIds.Count == 0)
        {
            return result;
        }

        await using var connection = await OpenAsync(cancellationToken);
        foreach (var chunk in traceIds.Chunk(TraceFilterChunk))
        {
            foreach (var (kind, table) in CallTables)
            {
                await using var command = Command(connection, null, "");
                command.CommandText = SelectPendingByTrace(PendingColumns, table, TraceFilter(command, chunk));
                await ReadPendingAsync(command, kind, result, cancellationToken);
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<PendingCall>> GetPendingCallsReceivedBeforeAsync(DateTime cutoff, int limit,
        CancellationToken cancellationToken)
    {
        var result = new List<PendingCall>();
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var (kind, table) in CallTables)
        {
            await using var command = Command(connection, null,
                $"SELECT {PendingColumns} FROM {table} WHERE attribution = 0 AND received_at <= @cutoff " +
                "ORDER BY received_at LIMIT @limit");
            Add(command, "cutoff", ToDb(cutoff));
            Add(command, "limit", limit);
            await ReadPendingAsync(command, kind, result, cancellationToken);
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<Guid, Dictionary<ulong, SpanGraphNode>>> GetTraceGraphsAsync(
        IReadOnlyCollection<Guid> traceIds, CancellationToken cancellationToken)
    {
        var graphs = new Dictionary<Guid, Dictionary<ulong, SpanGraphNode>>();
        if (traceIds.Count == 0)
        {
            return graphs;
        }

        await using var connection = await OpenAsync(cancellationToken);
        foreach (var chunk in traceIds.Chunk(TraceFilterChunk))
        {
            await using var command = Command(connection, null, "");
            // One filter fragment serves all four branches: the parameters are shared.
            var filter = TraceFilter(command, chunk);
            const string spanColumns = "trace_id, span_id, parent_span_id, 0, NULL, NULL, NULL, NULL";
            command.CommandText =
                SelectByTrace("trace_id, span_id, parent_span_id, 1, agent_name, agent_id, session_id, user_id",
                    "agent_runs", filter) +
                $" UNION ALL {SelectByTrace(spanColumns, "llm_calls", filter)}" +
                $" UNION ALL {SelectByTrace(spanColumns, "tool_calls", filter)}" +
                $" UNION ALL {SelectByTrace(spanColumns, "span_links", filter)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var traceId = ReadGuid(reader, 0);
                if (!graphs.TryGetValue(traceId, out var graph))
                {
                    graph = [];
                    graphs[traceId] = graph;
                }

                var isRun = Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) == 1;
                var run = isRun
                    ? new RunIdentity(Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7))
                    : null;
                var spanId = (ulong)reader.GetInt64(1);
                // A span stored as a run wins over the same id seen elsewhere (it never should be).
                if (run is not null || !graph.ContainsKey(spanId))
                {
                    graph[spanId] = new SpanGraphNode((ulong)reader.GetInt64(2), run);
                }
            }
        }

        return graphs;
    }

    public async Task<int> ApplyAttributionAsync(IReadOnlyList<AttributionUpdate> updates,
        CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenAsync(cancellationToken);
        using var turn = await EnterWriterTurnAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        // A call becomes eligible for rollup once attributed: stamping it with this transaction lets the
        // rollup job take it in commit order like a new record.
        var changeSeq = await ChangeSeqSqlAsync(connection, transaction, cancellationToken);
        foreach (var (kind, table) in CallTables)
        {
            var ofKind = updates.Where(u => u.Kind == kind).ToList();
            if (ofKind.Count > 0)
            {
                changed += await UpdateAttributionAsync(connection, transaction, table, changeSeq, ofKind,
                    cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Writes the attribution of these calls of one table, each only while it is still pending; returns how many
    /// changed. Here one prepared statement per call, which costs SQLite nothing more: it runs in the process.
    /// </summary>
    protected virtual async Task<int> UpdateAttributionAsync(DbConnection connection, DbTransaction transaction,
        string table, string changeSeq, IReadOnlyList<AttributionUpdate> updates, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            $"UPDATE {table} SET agent_name = @agent, agent_id = @agentId, session_id = @session, " +
            $"user_id = @user, run_span_id = @run, attribution = @state, change_seq = {changeSeq} " +
            "WHERE trace_id = @trace AND span_id = @span AND attribution = 0");
        var agent = Add(command, "agent", null);
        var agentId = Add(command, "agentId", null);
        var session = Add(command, "session", null);
        var user = Add(command, "user", null);
        var run = Add(command, "run", null);
        var state = Add(command, "state", null);
        var trace = Add(command, "trace", null);
        var span = Add(command, "span", null);
        await command.PrepareAsync(cancellationToken);
        var changed = 0;
        foreach (var update in updates)
        {
            var r = update.Result;
            agent.Value = (object?)r.AgentName ?? DBNull.Value;
            agentId.Value = (object?)r.AgentId ?? DBNull.Value;
            session.Value = (object?)r.SessionId ?? DBNull.Value;
            user.Value = (object?)r.UserId ?? DBNull.Value;
            run.Value = r.RunSpanId is { } runSpanId ? (long)runSpanId : DBNull.Value;
            state.Value = (short)r.State;
            trace.Value = ToDb(update.TraceId);
            span.Value = (long)update.SpanId;
            changed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return changed;
    }

    public async Task<PruneResult> PruneAsync(DateTime recordsBefore, DateTime linksBefore,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        long records = 0;
        foreach (var table in new[] { "llm_calls", "agent_runs", "tool_calls" })
        {
            await using var command = Command(connection, null, $"DELETE FROM {table} WHERE start_time < @before");
            Add(command, "before", ToDb(recordsBefore));
            records += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Early calls whose run never came: once their calls are pruned, no run can count them any more.
        await using (var early = Command(connection, null,
                         "DELETE FROM rollup_early_calls WHERE NOT EXISTS (SELECT 1 FROM llm_calls c " +
                         "WHERE c.trace_id = rollup_early_calls.trace_id AND c.run_span_id = rollup_early_calls.run_span_id)"))
        {
            await early.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var links = Command(connection, null, "DELETE FROM span_links WHERE received_at < @before");
        Add(links, "before", ToDb(linksBefore));
        return new PruneResult(records, await links.ExecuteNonQueryAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<LlmCall>> GetLlmCallsAsync(Guid traceId, CancellationToken cancellationToken) =>
        await ReadTraceAsync(traceId, $"SELECT {RecordTables.LlmCalls.ColumnList} FROM llm_calls", ReadLlmCall, cancellationToken);

    public async Task<IReadOnlyList<AgentRun>> GetAgentRunsAsync(Guid traceId, CancellationToken cancellationToken) =>
        await ReadTraceAsync(traceId, $"SELECT {RecordTables.AgentRuns.ColumnList} FROM agent_runs", ReadAgentRun, cancellationToken);

    public async Task<IReadOnlyList<ToolCall>> GetToolCallsAsync(Guid traceId, CancellationToken cancellationToken) =>
        await ReadTraceAsync(traceId, $"SELECT {RecordTables.ToolCalls.ColumnList} FROM tool_calls", ReadToolCall, cancellationToken);

    public async Task<int?> GetRunIterationsAsync(Guid traceId, ulong runSpanId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT COALESCE(r.reported_iterations, (SELECT COUNT(*) FROM llm_calls c " +
            "WHERE c.trace_id = r.trace_id AND c.run_span_id = r.span_id)) " +
            "FROM agent_runs r WHERE r.trace_id = @trace AND r.span_id = @span");
        Add(command, "trace", ToDb(traceId));
        Add(command, "span", (long)runSpanId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull
            ? null
            : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT (SELECT COUNT(*) FROM llm_calls), (SELECT COUNT(*) FROM agent_runs), " +
            "(SELECT COUNT(*) FROM tool_calls), (SELECT COUNT(*) FROM span_links)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits for this process's turn to run a hot write transaction (ingest, attribution, a rollup pass's write)
    /// where the database takes one writer at a time; null where writers run side by side. Dispose it after the
    /// transaction. Without it a writer finding the lock taken waits in SQLite's busy handler, which sleeps in
    /// growing steps (up to 100 ms) and so leaves the lock idle for a while after it is released.
    /// </summary>
    protected virtual ValueTask<IDisposable?> EnterWriterTurnAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDisposable?>(null);

    /// <summary>Stores the rows in one transaction; returns how many were new.</summary>
    protected abstract Task<int> WriteRowsAsync(DeduplicatedRows rows, CancellationToken cancellationToken);

    /// <summary>
    /// The SQL expression that stamps a record changed in <paramref name="transaction"/> with its
    /// <c>change_seq</c>, the order in which the rollup job takes records (docs/rollups.md).
    /// </summary>
    protected abstract Task<string> ChangeSeqSqlAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken);

    /// <summary>Serialises concurrent migrations (several replicas starting at once).</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken);

    protected abstract string SchemaVersionTableSql { get; }

    protected abstract Task<bool> SchemaVersionTableExistsAsync(DbConnection connection,
        CancellationToken cancellationToken);

    /// <summary>Adds the parameters of a trace-id filter to <paramref name="command"/> and returns the SQL condition.</summary>
    protected abstract string TraceFilter(DbCommand command, IReadOnlyCollection<Guid> traceIds);

    /// <summary>
    /// A SELECT of <paramref name="columns"/> from the rows of <paramref name="table"/> whose trace the filter
    /// (from <see cref="TraceFilter"/>, on the same command) names.
    /// </summary>
    protected virtual string SelectByTrace(string columns, string table, string traceFilter) =>
        $"SELECT {columns} FROM {table} WHERE {traceFilter}";

    /// <summary>
    /// A SELECT of <paramref name="columns"/> from the pending calls (<c>attribution = 0</c>) of <paramref name="table"/>
    /// whose trace the filter (from <see cref="TraceFilter"/>, on the same command) names.
    /// </summary>
    protected virtual string SelectPendingByTrace(string columns, string table, string traceFilter) =>
        $"SELECT {columns} FROM {table} WHERE {traceFilter} AND attribution = 0";

    protected abstract object ToDb(Guid traceId);

    protected abstract object ToDb(DateTime utc);

    protected abstract object ToDbMoney(decimal amount);

    protected abstract Guid ReadGuid(DbDataReader reader, int ordinal);

    protected abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    protected abstract decimal? ReadMoney(DbDataReader reader, int ordinal);

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    protected static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly (CallKind Kind, string Table)[] CallTables =
        [(CallKind.Llm, "llm_calls"), (CallKind.Tool, "tool_calls")];

    private const string PendingColumns =
        "trace_id, span_id, parent_span_id, agent_name, agent_id, session_id, user_id, received_at";

    private async Task ReadPendingAsync(DbCommand command, CallKind kind, List<PendingCall> into,
        CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            into.Add(new PendingCall(kind, ReadGuid(reader, 0), (ulong)reader.GetInt64(1),
                new AttributionInput((ulong)reader.GetInt64(2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                    Text(reader, 6)),
                ReadTime(reader, 7)));
        }
    }

    private async Task<IReadOnlyList<T>> ReadTraceAsync<T>(Guid traceId, string select,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"{select} WHERE trace_id = @trace ORDER BY start_time, span_id");
        Add(command, "trace", ToDb(traceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(read(reader));
        }

        return result;
    }

    protected LlmCall ReadLlmCall(DbDataReader r) => new()
    {
        TraceId = ReadGuid(r, 0),
        SpanId = (ulong)r.GetInt64(1),
        ParentSpanId = (ulong)r.GetInt64(2),
        StartTime = ReadTime(r, 3),
        EndTime = ReadTime(r, 4),
        ReceivedAt = ReadTime(r, 5),
        Status = (SpanStatus)r.GetInt16(6),
        ErrorType = Text(r, 7),
        ServiceName = Text(r, 8),
        Environment = Text(r, 9),
        Operation = r.GetString(10),
        Provider = Text(r, 11),
        RequestModel = Text(r, 12),
        ResponseModel = Text(r, 13),
        InputTokens = r.GetInt64(14),
        CacheReadTokens = r.GetInt64(15),
        CacheWriteTokens = r.GetInt64(16),
        OutputTokens = r.GetInt64(17),
        ReasoningTokens = r.GetInt64(18),
        Convention = (TokenConvention)r.GetInt16(19),
        ReportedCostUsd = ReadMoney(r, 20),
        AgentName = Text(r, 21),
        AgentId = Text(r, 22),
        SessionId = Text(r, 23),
        UserId = Text(r, 24),
        RunSpanId = r.IsDBNull(25) ? null : (ulong)r.GetInt64(25),
        Attribution = (AttributionState)r.GetInt16(26),
        CostUsd = ReadMoney(r, 27),
        CostSource = (CostSource)r.GetInt16(28),
        PriceEntry = Text(r, 29),
        PriceSource = Text(r, 30),
        Dimensions = Text(r, 31),
    };

    protected AgentRun ReadAgentRun(DbDataReader r) => new()
    {
        TraceId = ReadGuid(r, 0),
        SpanId = (ulong)r.GetInt64(1),
        ParentSpanId = (ulong)r.GetInt64(2),
        StartTime = ReadTime(r, 3),
        EndTime = ReadTime(r, 4),
        ReceivedAt = ReadTime(r, 5),
        Status = (SpanStatus)r.GetInt16(6),
        ErrorType = Text(r, 7),
        ServiceName = Text(r, 8),
        Environment = Text(r, 9),
        AgentName = Text(r, 10),
        AgentId = Text(r, 11),
        SessionId = Text(r, 12),
        UserId = Text(r, 13),
        ReportedIterations = r.IsDBNull(14) ? null : r.GetInt32(14),
        Dimensions = Text(r, 15),
    };

    protected ToolCall ReadToolCall(DbDataReader r) => new()
    {
        TraceId = ReadGuid(r, 0),
        SpanId = (ulong)r.GetInt64(1),
        ParentSpanId = (ulong)r.GetInt64(2),
        StartTime = ReadTime(r, 3),
        EndTime = ReadTime(r, 4),
        ReceivedAt = ReadTime(r, 5),
        Status = (SpanStatus)r.GetInt16(6),
        ErrorType = Text(r, 7),
        ServiceName = Text(r, 8),
        Environment = Text(r, 9),
        ToolName = r.GetString(10),
        CallId = Text(r, 11),
        Success = r.GetBoolean(12),
        AgentName = Text(r, 13),
        AgentId = Text(r, 14),
        SessionId = Text(r, 15),
        UserId = Text(r, 16),
        RunSpanId = r.IsDBNull(17) ? null : (ulong)r.GetInt64(17),
        Attribution = (AttributionState)r.GetInt16(18),
        Dimensions = Text(r, 19),
    };

    protected static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private IReadOnlyList<SchemaScript> LoadScripts()
    {
        var assembly = typeof(SqlTelemetryStore).Assembly;
        var prefix = $"CostWatch.Storage.Schema.{SchemaFolder}.";
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..];
            var digits = new string(name.TrimStart('_').TakeWhile(char.IsAsciiDigit).ToArray());
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new SchemaScript(int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture),
                name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    private sealed record SchemaScript(int Version, string Name, string Sql);
}

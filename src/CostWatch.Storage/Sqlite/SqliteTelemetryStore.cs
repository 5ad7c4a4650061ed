using System.Data.Common;
using System.Globalization;
using CostWatch.Core.Records;
using CostWatch.Storage.Rollups;
using Microsoft.Data.Sqlite;

namespace CostWatch.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so an acknowledged export
/// survives a crash of the process and of the machine. Writes are prepared inserts in one transaction.
/// </summary>
internal sealed class SqliteTelemetryStore : SqlTelemetryStore
{
    private readonly string _connectionString;
    /// <summary>
    /// WAL pages after which a commit copies the log back into the database (SQLite's default is 1,000, 4 MB). The
    /// committing writer does that copy and its fsync before its commit returns, and one ingest group of 2,048 spans
    /// writes about as much as the default allows, so most groups paid for a checkpoint; less often, a page that
    /// several commits changed (index pages above all) is copied once instead of once per commit.
    /// </summary>
    private const int WalCheckpointPages = 16_384;

    private int _walEnabled;

    /// <summary>Hands the one write lock from writer to writer in this process without SQLite's busy-wait sleeps.</summary>
    private readonly SemaphoreSlim _writerTurn = new(1, 1);

    public SqliteTelemetryStore(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (builder.DataSource is { Length: > 0 } path && builder.Mode != SqliteOpenMode.Memory
                                                       && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = builder.ToString();
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    protected override string SchemaFolder => "Sqlite";

    // SQLite caps the number of parameters of one statement.
    protected override int TraceFilterChunk => 400;

    protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Interlocked.Exchange(ref _walEnabled, 1) == 0)
            {
                // Persistent per database file; it cannot run inside a transaction, so once here at first use.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }

            await ExecuteAsync(connection, null,
                $"PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint={WalCheckpointPages}",
                cancellationToken);
            SqliteMoneyFunctions.Register(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async ValueTask<IDisposable?> EnterWriterTurnAsync(CancellationToken cancellationToken)
    {
        await _writerTurn.WaitAsync(cancellationToken);
        return new SqliteWriterTurn(_writerTurn);
    }

    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite begins transactions as BEGIN IMMEDIATE: the write lock is already held.
        Task.CompletedTask;

    protected override async Task<bool> SchemaVersionTableExistsAsync(DbConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null,
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    protected override string TraceFilter(DbCommand command, IReadOnlyCollection<Guid> traceIds)
    {
        var names = new List<string>(traceIds.Count);
        var i = 0;
        foreach (var traceId in traceIds)
        {
            var name = $"t{i++}";
            Add(command, name, ToDb(traceId));
            names.Add("@" + name);
        }

        return $"trace_id IN ({string.Join(", ", names)})";
    }

    protected override object ToDb(Guid traceId) => traceId.ToByteArray(bigEndian: true);

    protected override object ToDb(DateTime utc) => ToMicros(utc);

    protected override object ToDbMoney(decimal amount) => SqliteMoneyFunctions.Format(amount);

    // Microsoft.Data.Sqlite begins transactions as BEGIN IMMEDIATE: the one write lock is already held.
    // The transaction holds the database's one write lock already.
    protected override Task<bool> LockAlertEvaluationAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) => Task.FromResult(true);

    protected override object ToDbBool(bool value) => value ? 1 : 0;

    // The transaction holds the database's one write lock already: no other dispatcher, no evaluation round.
    protected override Task<bool> LockNotificationDispatchAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) => Task.FromResult(true);

    protected override Task LockAlertStateAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected override string SkipLockedClause => "";

    protected override Task<bool> LockRollupsAsync(DbConnection connection, DbTransaction transaction, bool wait,
        CancellationToken cancellationToken) => Task.FromResult(true);

    // Write transactions run one at a time and each takes the next number: all up to the counter are committed.
    protected override async Task<long> ReadRollupHorizonAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT change_counter + 1 FROM rollup_progress WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // Bound by position on the connection's handle (SqliteValueBinder): a loaded pass upserts tens of thousands of
    // rows while it holds the one write lock that ingest waits for, and binding them through Microsoft.Data.Sqlite's
    // named parameters took most of that time.
    protected override Task<int> UpsertRollupsAsync<TKey, TTotals>(DbConnection connection,
        DbTransaction transaction, RollupShape<TKey, TTotals> shape,
        IReadOnlyCollection<KeyValuePair<TKey, TTotals>> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return Task.FromResult(0);
        }

        var db = ((SqliteConnection)connection).Handle!;
        using var statement = SqliteValueBinder.Prepare(db,
            $"INSERT INTO {shape.Table} ({shape.ColumnList}) VALUES (" +
            string.Join(", ", shape.Columns.Select(_ => "?")) +
            $") ON CONFLICT ({shape.KeyList}) DO UPDATE SET {shape.MergeList(MergeSql)}");
        var columns = shape.Columns;
        var written = 0;
        foreach (var (key, totals) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Count; i++)
            {
                SqliteValueBinder.Bind(db, statement, i + 1, columns[i].Get(key, totals));
            }

            written += SqliteValueBinder.Step(db, statement);
        }

        return Task.FromResult(written);
    }

    protected override Task<SnapshotReaders?> OpenSnapshotReadersAsync(int count, CancellationToken cancellationToken) =>
        SqliteSharedSnapshot.OpenAsync(OpenAsync, count, cancellationToken);

    protected override bool ReadsRollupWindowBeforeLocking => true;

    protected override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection,
        CancellationToken cancellationToken) =>
        // BEGIN DEFERRED: a read transaction; in WAL mode it sees one snapshot and blocks no writer.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    // The write transaction holds SQLite's one write lock already.
    protected override string LockRowClause => "";

    protected override string MergeSql(RollupMerge merge, string stored, string added) => merge switch
    {
        RollupMerge.MoneySum => $"decimal_add({stored}, {added})",
        RollupMerge.Min => $"min({stored}, {added})",
        RollupMerge.Max => $"max({stored}, {added})",
        _ => $"{stored} + {added}",
    };

    protected override Guid ReadGuid(DbDataReader reader, int ordinal) =>
        new((byte[])reader.GetValue(ordinal), bigEndian: true);

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) =>
        DateTime.UnixEpoch.AddTicks(reader.GetInt64(ordinal) * 10);

    protected override decimal? ReadMoney(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteMoneyFunctions.Parse(reader.GetString(ordinal));

    protected override string MoneySumSql(string column) => $"decimal_sum({column})";

    protected override string MoneyNegateSql(string moneyExpression) => $"decimal_negate({moneyExpression})";

    // decimal_sum answers text, which SQLite would order character by character.
    protected override string MoneyOrderSql(string moneyExpression) =>
        $"{moneyExpression} COLLATE {SqliteMoneyFunctions.DecimalCollation}";

    protected override string CustomDimensionSql(string parameter) =>
        $"COALESCE(CAST(json_extract(NULLIF(dimensions, ''), {parameter}) AS TEXT), '')";

    // A quoted JSON path label; dimension names are checked at start-up to hold no quote.
    protected override object CustomDimensionKey(string name) => $"$.\"{name}\"";

    protected override async Task<int> WriteRowsAsync(DeduplicatedRows rows, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var turn = await EnterWriterTurnAsync(cancellationToken);
        // The inserts run on the connection's handle, inside this transaction.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changeSeq = await NextChangeSeqAsync(connection, transaction, cancellationToken);
        var inserted = 0;
        inserted += Insert(connection, RecordTables.LlmCalls, rows.LlmCalls, changeSeq);
        inserted += Insert(connection, RecordTables.AgentRuns, rows.AgentRuns, changeSeq);
        inserted += Insert(connection, RecordTables.ToolCalls, rows.ToolCalls, changeSeq);
        inserted += Insert(connection, RecordTables.Links, rows.Links, null);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    protected override async Task<string> ChangeSeqSqlAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) =>
        (await NextChangeSeqAsync(connection, transaction, cancellationToken)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Numbers this write transaction. SQLite runs one write transaction at a time, so the numbers follow
    /// commit order, which is what the rollup job's progress relies on.
    /// </summary>
    private static async Task<long> NextChangeSeqAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "UPDATE rollup_progress SET change_counter = change_counter + 1 WHERE id = 1 RETURNING change_counter");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static int Insert<T>(DbConnection connection, TableShape<T> table, List<T> rows, long? changeSeq)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        using var inserter = SqliteRowInserter<T>.Prepare((SqliteConnection)connection, table, changeSeq);
        return inserter.InsertAll(rows);
    }

    internal static long ToMicros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;
}

using System.Data.Common;
using System.Runtime.InteropServices;
using CostWatch.Core.Alerting.Samples;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Rollups;

namespace CostWatch.Storage;

/// <summary>
/// The rollup job's storage side. A record is rolled up by the pass whose window [done, ready) of
/// <c>change_seq</c> holds it. <c>ready</c> is the horizon taken by the previous pass, so every record waits
/// at least one job interval: long enough for the attribution pass to have attributed a run's calls before
/// the run's iterations are counted. Money is aggregated in C# decimals and added to the stored rows.
/// </summary>
internal abstract partial class SqlTelemetryStore : IRollupStore
{
    public async Task<RollupPass> RollUpAsync(IRollupWindow? window, RollupBounds bounds,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (ReadsRollupWindowBeforeLocking)
        {
            // Reading a loaded window takes seconds: here not under the write lock, which would stop ingest.
            // The write below only goes ahead if no other pass and no re-pricing ran since the read.
            WindowRead read;
            await using (var snapshot = await BeginSnapshotAsync(connection, cancellationToken))
            {
                read = await ReadWindowAsync(connection, snapshot, window, bounds, cancellationToken);
            }

            if (read.TooLarge)
            {
                return read.TooLargePass();
            }

            using var turn = await EnterWriterTurnAsync(cancellationToken);
            await using var write = await connection.BeginTransactionAsync(cancellationToken);
            if (!await AdvanceProgressAsync(connection, write, read, cancellationToken))
            {
                return RollupPass.Skipped;
            }

            var written = await WriteWindowAsync(connection, write, read, cancellationToken);
            await write.CommitAsync(cancellationToken);
            return read.Pass(written);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockRollupsAsync(connection, transaction, wait: false, cancellationToken))
        {
            return RollupPass.Skipped;
        }

        // The progress row is locked first (by the read): even two passes that both got past the lock above
        // would then take consecutive windows, never the same one twice.
        var locked = await ReadWindowAsync(connection, transaction, window, bounds, cancellationToken);
        if (locked.TooLarge)
        {
            return locked.TooLargePass(); // rolled back as the transaction is disposed
        }

        await AdvanceProgressAsync(connection, transaction, locked, cancellationToken);
        var rows = await WriteWindowAsync(connection, transaction, locked, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return locked.Pass(rows);
    }

    // SQLite finds a window through a B-tree index on change_seq, which every insert keeps current.
    public virtual Task SummarizeRollupIndexesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// True where the rollup lock is the database's write lock (SQLite): the pass then reads its window in a
    /// snapshot first and takes the lock only to write.
    /// </summary>
    protected virtual bool ReadsRollupWindowBeforeLocking => false;

    /// <summary>
    /// Makes the rest of <paramref name="transaction"/> find windows through the <c>change_seq</c> indexes, in one
    /// backend, where the dialect needs telling.
    /// </summary>
    protected virtual Task PlanWindowReadsAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A read-only transaction whose statements all see one snapshot.</summary>
    protected virtual async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection,
        CancellationToken cancellationToken) => await connection.BeginTransactionAsync(cancellationToken);

    private async Task<WindowRead> ReadWindowAsync(DbConnection connection, DbTransaction transaction,
        IRollupWindow? window, RollupBounds bounds, CancellationToken cancellationToken)
    {
        await PlanWindowReadsAsync(connection, transaction, cancellationToken);
        var (done, ready, generation) = await ReadRollupProgressAsync(connection, transaction, cancellationToken);
        var horizon = await ReadRollupHorizonAsync(connection, transaction, cancellationToken);
        var end = bounds.EndOf(done, ready);
        var read = new WindowRead(done, end, ready, horizon, generation, bounds.MaxRecords);

        // Each read asks for one record more than the window may still read, so a window that holds more is known
        // without reading it all.
        var inWindow = $"change_seq >= {done} AND change_seq < {end}";

        // A run's iterations, when it did not report them, are its attributed LLM calls stamped before the window's end.
        // Those of this window are counted here as they are read, calls before runs; a call stamped before the
        // window was noted in rollup_early_calls by the pass that took it. Probing llm_calls once per run instead
        // made a run's read cost four times as much on PostgreSQL under the ingest benchmark (docs/rollups.md).
        var callsByRun = new Dictionary<(Guid Trace, ulong Run), int>();
        read.LlmCalls = await ReadAllAsync(connection, transaction,
            $"SELECT {RollupLlmColumns} FROM llm_calls WHERE {inWindow} AND attribution <> 0{Limit(read.RecordsLeft)}",
            r =>
            {
                var call = ReadRolledUpLlmCall(r);
                read.Aggregator.Add(call);
                read.Samples.Add(call);
                window?.Add(call);
                read.Seen(call);
                // The trace before the run: columns read in order are read without seeking back.
                var trace = ReadGuid(r, RollupLlmTraceColumn);
                if (!r.IsDBNull(RollupLlmRunColumn))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(callsByRun, (trace, (ulong)r.GetInt64(RollupLlmRunColumn)), out _)++;
                }
            }, cancellationToken);
        if (!read.Take(read.LlmCalls))
        {
            return read;
        }

        read.ToolCalls = await ReadAllAsync(connection, transaction,
            $"SELECT {RollupToolColumns} FROM tool_calls WHERE {inWindow} AND attribution <> 0{Limit(read.RecordsLeft)}",
            r =>
            {
                var call = ReadRolledUpToolCall(r);
                read.Aggregator.Add(call);
                read.Samples.Add(call);
                window?.Add(call);
                read.Seen(call);
            }, cancellationToken);

        if (!read.Take(read.ToolCalls))
        {
            return read;
        }

        var earlyCalls = await ReadEarlyCallsAsync(connection, transaction, cancellationToken);
        read.Runs = await ReadAllAsync(connection, transaction,
            $"SELECT {RecordTables.AgentRuns.ColumnList} FROM agent_runs WHERE {inWindow}{Limit(read.RecordsLeft)}",
            r =>
            {
                var run = ReadAgentRun(r);
                var key = (run.TraceId, run.SpanId);
                callsByRun.Remove(key, out var calls);
                if (earlyCalls.Remove(key, out var early))
                {
                    calls += early;
                    read.EarlyCallsCounted.Add(key);
                }

                var iterations = run.ReportedIterations ?? calls;
                read.Aggregator.Add(run, iterations);
                read.Samples.Add(run, iterations);
                window?.Add(run, iterations);
                read.Seen(run);
            }, cancellationToken);

        if (!read.Take(read.Runs))
        {
            return read;
        }

        // What is left are calls whose run is not in this window: few, and checked in one batch.
        await ReadLateIterationsAsync(connection, transaction, read, callsByRun, cancellationToken);
        return read;
    }

    /// <summary>Calls rolled up before their run was, by run (<c>rollup_early_calls</c>; normally empty).</summary>
    private async Task<Dictionary<(Guid Trace, ulong Run), int>> ReadEarlyCallsAsync(DbConnection connection,
        DbTransaction transaction, CancellationToken cancellationToken)
    {
        var early = new Dictionary<(Guid Trace, ulong Run), int>();
        await using var command = Command(connection, transaction,
            "SELECT trace_id, run_span_id, calls FROM rollup_early_calls");
        await ReadAllAsync(command, r => early[(ReadGuid(r, 0), (ulong)r.GetInt64(1))] = r.GetInt32(2),
            cancellationToken);
        return early;
    }

    /// <summary>
    /// The runs outside this window that calls of the window belong to. A run an earlier pass rolled up (and whose
    /// iterations were counted, not reported) gains the late calls as iterations, and its alert sample learns the
    /// iterations it holds already (its calls rolled up before this window). A run not rolled up yet, or not
    /// stored yet, gets them noted as early calls, for the pass that rolls it up. Read per batch of traces, not per
    /// run: under load hundreds of runs a pass gain late calls (a call attributed after its run was rolled up).
    /// </summary>
    /// <param name="lateCalls">The window's calls whose run it did not hold, counted by run; emptied of those settled.</param>
    private async Task ReadLateIterationsAsync(DbConnection connection, DbTransaction transaction, WindowRead read,
        Dictionary<(Guid Trace, ulong Run), int> lateCalls, CancellationToken cancellationToken)
    {
        if (lateCalls.Count == 0)
        {
            return;
        }

        var traces = lateCalls.Keys.Select(r => r.Trace).Distinct().ToList();
        foreach (var chunk in traces.Chunk(TraceFilterChunk))
        {
            await using var command = Command(connection, transaction, "");
            command.CommandText = SelectByTrace(
                $"{RecordTables.AgentRuns.ColumnList}, (SELECT COUNT(*) FROM llm_calls c " +
                "WHERE c.trace_id = agent_runs.trace_id AND c.run_span_id = agent_runs.span_id " +
                $"AND c.attribution <> 0 AND c.change_seq < {read.Done}), " +
                $"CASE WHEN change_seq < {read.Done} THEN 1 ELSE 0 END",
                "agent_runs", TraceFilter(command, chunk));
            await ReadAllAsync(command, r =>
            {
                var run = ReadAgentRun(r);
                var rolledUpBefore = Convert.ToInt32(r.GetValue(RecordTables.AgentRuns.Columns.Count + 1),
                    System.Globalization.CultureInfo.InvariantCulture) == 1;
                var key = (run.TraceId, run.SpanId);
                if (run.ReportedIterations is not null)
                {
                    lateCalls.Remove(key); // it counts no calls, however late or early they are
                    return;
                }

                // A run still to be rolled up keeps its calls in lateCalls: they are early.
                if (!rolledUpBefore || !lateCalls.Remove(key, out var late))
                {
                    return;
                }

                var counted = Convert.ToInt32(r.GetValue(RecordTables.AgentRuns.Columns.Count),
                    System.Globalization.CultureInfo.InvariantCulture);
                read.Corrections.AddIterations(run, late);
                read.Samples.AddLateIterations(run, counted, late);
            }, cancellationToken);
        }

        foreach (var (run, calls) in lateCalls)
        {
            read.EarlyCalls.Add(run, calls);
        }
    }

    /// <summary>Moves the window on, if it is still where the read found it; false when another pass or a re-pricing moved first.</summary>
    private static async Task<bool> AdvanceProgressAsync(DbConnection connection, DbTransaction transaction,
        WindowRead read, CancellationToken cancellationToken)
    {
        await using var progress = Command(connection, transaction,
            "UPDATE rollup_progress SET done = @end, ready = @next_ready WHERE id = 1 AND done = @done " +
            "AND ready = @ready AND generation = @generation");
        Add(progress, "done", read.Done);
        Add(progress, "ready", read.Ready);
        Add(progress, "end", read.End);
        Add(progress, "next_ready", read.NextReady);
        Add(progress, "generation", read.Generation);
        return await progress.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<int> WriteWindowAsync(DbConnection connection, DbTransaction transaction, WindowRead read,
        CancellationToken cancellationToken)
    {
        await UpdateExistingAsync(connection, transaction, RollupTables.Runs, read.Corrections.Runs, ["iterations"],
            cancellationToken);
        await WriteEarlyCallsAsync(connection, transaction, read, cancellationToken);
        return await WriteRollupsAsync(connection, transaction, read.Aggregator, cancellationToken)
               + await WriteAlertSamplesAsync(connection, transaction, read.Samples, cancellationToken);
    }

    /// <summary>
    /// Notes the calls of this window whose run is still to be rolled up, and forgets those the window's runs
    /// counted. Both are rare: the worker attributes a call in its run's transaction or after its run was stored.
    /// </summary>
    private async Task WriteEarlyCallsAsync(DbConnection connection, DbTransaction transaction, WindowRead read,
        CancellationToken cancellationToken)
    {
        if (read.EarlyCalls.Count > 0)
        {
            await using var note = Command(connection, transaction,
                "INSERT INTO rollup_early_calls (trace_id, run_span_id, calls) VALUES (@trace, @run, @calls) " +
                "ON CONFLICT (trace_id, run_span_id) DO UPDATE SET calls = rollup_early_calls.calls + excluded.calls");
            var trace = Add(note, "trace", null);
            var run = Add(note, "run", null);
            var calls = Add(note, "calls", null);
            foreach (var (key, count) in read.EarlyCalls)
            {
                trace.Value = ToDb(key.Trace);
                run.Value = (long)key.Run;
                calls.Value = count;
                await note.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (read.EarlyCallsCounted.Count > 0)
        {
            await using var forget = Command(connection, transaction,
                "DELETE FROM rollup_early_calls WHERE trace_id = @trace AND run_span_id = @run");
            var trace = Add(forget, "trace", null);
            var run = Add(forget, "run", null);
            foreach (var key in read.EarlyCallsCounted)
            {
                trace.Value = ToDb(key.Trace);
                run.Value = (long)key.Run;
                await forget.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private async Task<int> WriteAlertSamplesAsync(DbConnection connection, DbTransaction transaction,
        AlertSampleAggregator samples, CancellationToken cancellationToken) =>
        await UpsertRollupsAsync(connection, transaction, AlertSampleTables.RunIterations, samples.RunIterations, cancellationToken)
        + await UpsertRollupsAsync(connection, transaction, AlertSampleTables.RunDurations, samples.RunDurations, cancellationToken)
        + await UpsertRollupsAsync(connection, transaction, AlertSampleTables.ToolCalls, samples.ToolCalls, cancellationToken)
        + await UpsertRollupsAsync(connection, transaction, AlertSampleTables.LlmCalls, samples.LlmCalls, cancellationToken)
        + await UpsertRollupsAsync(connection, transaction, AlertSampleTables.Agents, samples.Agents, cancellationToken);

    public async Task<RepriceReport> RepriceAsync(DateTime from, DateTime to, Func<LlmCall, CallCost> price,
        bool dryRun, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Waits for a rollup pass in progress: the rollups must not move between reading and correcting them.
        await LockRollupsAsync(connection, transaction, wait: true, cancellationToken);
        var (done, _, _) = await ReadRollupProgressAsync(connection, transaction, cancellationToken);

        var models = new Dictionary<string, RepriceTally>(StringComparer.Ordinal);
        var changes = new List<(LlmCall Call, CallCost Cost)>();
        var corrections = new RollupAggregator();
        var sampleCorrections = new AlertSampleAggregator();
        var columns = RecordTables.LlmCalls.Columns.Count;
        await using (var select = Command(connection, transaction,
                         $"SELECT {RecordTables.LlmCalls.ColumnList}, change_seq FROM llm_calls " +
                         "WHERE start_time >= @from AND start_time < @to"))
        {
            Add(select, "from", ToDb(from));
            Add(select, "to", ToDb(to));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var call = ReadLlmCall(reader);
                var cost = price(call);
                var tally = Tally(models, RollupAggregator.ModelOf(call));
                tally.Add(call, cost);
                if (SameCost(call, cost))
                {
                    continue;
                }

                tally.ChangedCalls++;
                changes.Add((call, cost));
                // Already in the rollups (attributed, and taken by a pass before this one): correct them.
                if (call.Attribution != AttributionState.Pending && reader.GetInt64(columns) < done)
                {
                    corrections.AddRepricing(call, cost);
                    sampleCorrections.AddRepricing(call, cost);
                }
            }
        }

        if (!dryRun)
        {
            await UpdateCostsAsync(connection, transaction, changes, cancellationToken);
            await UpdateExistingAsync(connection, transaction, RollupTables.LlmCalls, corrections.LlmCalls,
                ["cost_usd", "unpriced_calls"], cancellationToken);
            await UpdateExistingAsync(connection, transaction, AlertSampleTables.LlmCalls, sampleCorrections.LlmCalls,
                ["unpriced_calls"], cancellationToken);
            // A pass that read its window before this run must not write the costs it read.
            await ExecuteAsync(connection, transaction,
                "UPDATE rollup_progress SET generation = generation + 1 WHERE id = 1", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return new RepriceReport(from, to, dryRun,
            models.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value.ToChange(m.Key)).ToList());
    }

    public async Task<long> CountRollupBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT (SELECT COUNT(*) FROM llm_calls WHERE change_seq >= p.done OR attribution = 0) + " +
            "(SELECT COUNT(*) FROM agent_runs WHERE change_seq >= p.done) + " +
            "(SELECT COUNT(*) FROM tool_calls WHERE change_seq >= p.done OR attribution = 0) " +
            "FROM rollup_progress p WHERE p.id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> PruneRollupsAsync(DateTime minutesBefore, DateTime hoursBefore, DateTime daysBefore,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        long deleted = 0;
        foreach (var table in new[] { RollupTables.LlmCalls.Table, RollupTables.Runs.Table, RollupTables.ToolCalls.Table })
        {
            foreach (var (resolution, before) in new[]
                     {
                         (RollupResolution.Minute, minutesBefore), (RollupResolution.Hour, hoursBefore),
                         (RollupResolution.Day, daysBefore),
                     })
            {
                await using var command = Command(connection, null,
                    $"DELETE FROM {table} WHERE resolution = @resolution AND bucket_start < @before");
                Add(command, "resolution", resolution);
                Add(command, "before", UnixTime.Seconds(before));
                deleted += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // The alert samples cover the longest rule window, which start-up keeps within the minute retention.
        foreach (var table in AlertSampleTables.MinuteTables)
        {
            await using var command = Command(connection, null, $"DELETE FROM {table} WHERE bucket_start < @before");
            Add(command, "before", UnixTime.Seconds(minutesBefore));
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// Takes the lock that serialises rollup writers (passes and re-pricing runs) until the transaction ends;
    /// without <paramref name="wait"/>, returns false at once when another holds it.
    /// </summary>
    protected abstract Task<bool> LockRollupsAsync(DbConnection connection, DbTransaction transaction, bool wait,
        CancellationToken cancellationToken);

    /// <summary>The <c>change_seq</c> below which every record is final: no transaction can still add to it.</summary>
    protected abstract Task<long> ReadRollupHorizonAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken);

    /// <summary>The clause that locks the rows a SELECT reads until the transaction ends, where the dialect needs one.</summary>
    protected abstract string LockRowClause { get; }

    /// <summary>The SQL that merges a stored value with an added one, in this dialect.</summary>
    protected abstract string MergeSql(RollupMerge merge, string stored, string added);

    /// <summary>Adds the rows to the stored rollups (inserting those that do not exist yet).</summary>
    protected abstract Task<int> UpsertRollupsAsync<TKey, TTotals>(DbConnection connection,
        DbTransaction transaction, RollupShape<TKey, TTotals> shape, IReadOnlyCollection<KeyValuePair<TKey, TTotals>> rows,
        CancellationToken cancellationToken) where TKey : notnull;

    private async Task<int> WriteRollupsAsync(DbConnection connection, DbTransaction transaction,
        RollupAggregator aggregator, CancellationToken cancellationToken) =>
        await UpsertRollupsAsync(connection, transaction, RollupTables.LlmCalls, aggregator.LlmCalls, cancellationToken)
        + await UpsertRollupsAsync(connection, transaction, RollupTables.Runs, aggregator.Runs, cancellationToken)
        + await UpsertRollupsAsync(connection, transaction, RollupTables.ToolCalls, aggregator.ToolCalls, cancellationToken);

    /// <summary>
    /// Adds corrections to rollup rows that exist: an update, not an upsert, so a bucket already past its
    /// retention stays deleted rather than coming back holding only a correction.
    /// </summary>
    private async Task UpdateExistingAsync<TKey, TTotals>(DbConnection connection, DbTransaction transaction,
        RollupShape<TKey, TTotals> shape, IReadOnlyDictionary<TKey, TTotals> corrections, string[] columns,
        CancellationToken cancellationToken) where TKey : notnull
    {
        if (corrections.Count == 0)
        {
            return;
        }

        var keys = shape.Columns.Where(c => c.Merge == RollupMerge.Key).ToList();
        var changed = shape.Columns.Where(c => columns.Contains(c.Name)).ToList();
        await using var update = Command(connection, transaction,
            $"UPDATE {shape.Table} SET " +
            string.Join(", ", changed.Select((c, i) => $"{c.Name} = {MergeSql(c.Merge, c.Name, $"@v{i}")}")) +
            " WHERE " + string.Join(" AND ", keys.Select((k, i) => $"{k.Name} = @k{i}")));
        var valueParameters = changed.Select((_, i) => Add(update, $"v{i}", null)).ToArray();
        var keyParameters = keys.Select((_, i) => Add(update, $"k{i}", null)).ToArray();
        foreach (var (key, totals) in corrections)
        {
            for (var i = 0; i < changed.Count; i++)
            {
                var value = changed[i].Get(key, totals);
                valueParameters[i].Value = value is decimal money ? ToDbMoney(money) : value;
            }

            for (var i = 0; i < keys.Count; i++)
            {
                keyParameters[i].Value = keys[i].Get(key, totals);
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task UpdateCostsAsync(DbConnection connection, DbTransaction transaction,
        List<(LlmCall Call, CallCost Cost)> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var update = Command(connection, transaction,
            "UPDATE llm_calls SET cost_usd = @cost, cost_source = @source, price_entry = @entry, " +
            "price_source = @priceSource WHERE trace_id = @trace AND span_id = @span");
        var cost = Add(update, "cost", null);
        var source = Add(update, "source", null);
        var entry = Add(update, "entry", null);
        var priceSource = Add(update, "priceSource", null);
        var trace = Add(update, "trace", null);
        var span = Add(update, "span", null);
        await update.PrepareAsync(cancellationToken);
        foreach (var (call, newCost) in changes)
        {
            cost.Value = newCost.Amount is { } amount ? ToDbMoney(amount) : DBNull.Value;
            source.Value = (short)newCost.Source;
            entry.Value = (object?)newCost.EntryId ?? DBNull.Value;
            priceSource.Value = (object?)newCost.EntrySource ?? DBNull.Value;
            trace.Value = ToDb(call.TraceId);
            span.Value = (long)call.SpanId;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<(long Done, long Ready, long Generation)> ReadRollupProgressAsync(DbConnection connection,
        DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            $"SELECT done, ready, generation FROM rollup_progress WHERE id = 1{LockRowClause}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<int> ReadAllAsync(DbConnection connection, DbTransaction transaction, string sql,
        Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    /// <summary>A LIMIT one row past what a bounded window may still read, so that going over it shows.</summary>
    private static string Limit(long recordsLeft) => recordsLeft >= int.MaxValue ? "" : $" LIMIT {recordsLeft + 1}";

    private static async Task<int> ReadAllAsync(DbCommand command, Action<DbDataReader> read,
        CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // The token is checked per row rather than passed to ReadAsync, which registers and releases it on every
        // call: a window holds up to millions of rows. A read stalled on the network ends by the command timeout.
        var count = 0;
        while (await reader.ReadAsync(CancellationToken.None))
        {
            cancellationToken.ThrowIfCancellationRequested();
            read(reader);
            count++;
        }

        return count;
    }

    private static bool SameCost(LlmCall call, CallCost cost) =>
        call.CostSource == cost.Source && call.CostUsd == cost.Amount
        && string.Equals(call.PriceEntry, cost.EntryId, StringComparison.Ordinal)
        && string.Equals(call.PriceSource, cost.EntrySource, StringComparison.Ordinal);

    private static RepriceTally Tally(Dictionary<string, RepriceTally> models, string model)
    {
        if (!models.TryGetValue(model, out var tally))
        {
            tally = new RepriceTally();
            models[model] = tally;
        }

        return tally;
    }

    /// <summary>One model's running totals in a re-pricing run.</summary>
    private sealed class RepriceTally
    {
        private long _calls;
        private decimal _costBefore;
        private decimal _costAfter;
        private long _unpricedBefore;
        private long _unpricedAfter;

        public long ChangedCalls { get; set; }

        public void Add(LlmCall call, CallCost cost)
        {
            _calls++;
            if (call.CostUsd is { } before)
            {
                _costBefore += before;
            }
            else
            {
                _unpricedBefore++;
            }

            if (cost.Amount is { } after)
            {
                _costAfter += after;
            }
            else
            {
                _unpricedAfter++;
            }
        }

        public RepriceModelChange ToChange(string model) =>
            new(model, _calls, ChangedCalls, _costBefore, _costAfter, _unpricedBefore, _unpricedAfter);
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Data;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Alerting;

namespace CostWatch.Storage;

/// <summary>
/// The alert engine's storage side. The sample reads aggregate in SQL down to one row per agent and key (a window of
/// a million runs is summed by the database, not shipped); the round runs under the evaluation lock and writes
/// everything it decided in one transaction, so an alert never fires without its outbox event, nor twice.
/// </summary>
internal abstract partial class SqlTelemetryStore : IAlertStore
{
    public Task<IReadOnlyList<IterationCounts>> ReadRunIterationsAsync(DateTime since, int maxIterations,
        CancellationToken cancellationToken) =>
        ReadSamplesAsync(
            "SELECT agent, SUM(runs), SUM(CASE WHEN iterations > @max THEN runs ELSE 0 END) FROM alert_run_iterations " +
            "WHERE bucket_start >= @since GROUP BY agent",
            since, command => Add(command, "max", maxIterations),
            r => new IterationCounts(r.GetString(0), Long(r, 1), Long(r, 2)), cancellationToken);

    public Task<IReadOnlyList<DurationCounts>> ReadRunDurationsAsync(DateTime since, CancellationToken cancellationToken) =>
        ReadSamplesAsync(
            "SELECT agent, duration_bucket, SUM(runs) FROM alert_run_durations WHERE bucket_start >= @since " +
            "GROUP BY agent, duration_bucket",
            since, null, r => new DurationCounts(r.GetString(0), r.GetInt32(1), Long(r, 2)), cancellationToken);

    public Task<IReadOnlyList<ToolCounts>> ReadToolCallsAsync(DateTime since, CancellationToken cancellationToken) =>
        ReadSamplesAsync(
            "SELECT agent, tool, SUM(calls), SUM(failed_calls) FROM alert_tool_calls WHERE bucket_start >= @since " +
            "GROUP BY agent, tool",
            since, null, r => new ToolCounts(r.GetString(0), r.GetString(1), Long(r, 2), Long(r, 3)), cancellationToken);

    public Task<IReadOnlyList<LlmCounts>> ReadLlmCallsAsync(DateTime since, CancellationToken cancellationToken) =>
        ReadSamplesAsync(
            "SELECT agent, model, provider, SUM(calls), SUM(unpriced_calls), MAX(max_input_tokens) FROM alert_llm_calls " +
            "WHERE bucket_start >= @since GROUP BY agent, model, provider",
            since, null,
            r => new LlmCounts(r.GetString(0), r.GetString(1), r.GetString(2), Long(r, 3), Long(r, 4), Long(r, 5)),
            cancellationToken);

    public async Task<IReadOnlyList<KnownAgent>> ReadAgentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT agent, first_seen, last_seen, retired_at FROM alert_agents");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var agents = new List<KnownAgent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(new KnownAgent(reader.GetString(0), Micros(reader, 1), Micros(reader, 2),
                reader.IsDBNull(3) ? null : Micros(reader, 3)));
        }

        return agents;
    }

    public async Task<IReadOnlyList<GroupSpend>> ReadSpendAsync(IReadOnlyList<string> groupBy, DateTime periodStart,
        DateTime recentSince, CancellationToken cancellationToken)
    {
        // The period from hour buckets, and from minute buckets for the part before its first whole hour (time zones
        // with half-hour offsets); the recent window from minute buckets.
        var firstHour = RollupResolution.BucketStart(periodStart, RollupResolution.Hour);
        if (UnixTime.FromSeconds(firstHour) < periodStart)
        {
            firstHour += RollupResolution.Hour;
        }

        await using var connection = await OpenAsync(cancellationToken);
        var period = await SumSpendAsync(connection, groupBy,
            "(resolution = 3600 AND bucket_start >= @hour) OR (resolution = 60 AND bucket_start >= @from AND bucket_start < @hour)",
            command =>
            {
                Add(command, "hour", firstHour);
                Add(command, "from", UnixTime.Seconds(periodStart));
            }, cancellationToken);
        var recent = await SumSpendAsync(connection, groupBy, "resolution = 60 AND bucket_start >= @from",
            command => Add(command, "from", UnixTime.Seconds(recentSince)), cancellationToken);

        return period.Keys.Union(recent.Keys)
            .Select(key => new GroupSpend(
                groupBy.Select((name, i) => new KeyValuePair<string, string>(name, key[i])).ToList(),
                period.GetValueOrDefault(key), recent.GetValueOrDefault(key)))
            .ToList();
    }

    public async Task<bool> RunAlertRoundAsync(DateTime now, TimeSpan minimumGap,
        Func<AlertRoundState, AlertRoundChanges> decide, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockAlertEvaluationAsync(connection, transaction, cancellationToken))
        {
            return false;
        }

        await using (var last = Command(connection, transaction, $"SELECT last_round FROM alert_evaluation WHERE id = 1{LockRowClause}"))
        {
            var lastRound = UnixTime.FromMicroseconds(Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
            if (now - lastRound < minimumGap)
            {
                return false;
            }
        }

        var state = new AlertRoundState(await ReadOpenInstancesAsync(connection, transaction, cancellationToken),
            await ReadRuleHealthAsync(connection, transaction, cancellationToken));
        var changes = decide(state);

        foreach (var instance in changes.Instances)
        {
            await WriteInstanceAsync(connection, transaction, instance, cancellationToken);
        }

        foreach (var alertEvent in changes.Events)
        {
            await WriteEventAsync(connection, transaction, alertEvent, cancellationToken);
        }

        foreach (var health in changes.Health)
        {
            await WriteHealthAsync(connection, transaction, health, cancellationToken);
        }

        foreach (var agent in changes.RetiredAgents)
        {
            await using var retire = Command(connection, transaction, "UPDATE alert_agents SET retired_at = @now WHERE agent = @agent");
            Add(retire, "now", UnixTime.Microseconds(now));
            Add(retire, "agent", agent);
            await retire.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var round = Command(connection, transaction, "UPDATE alert_evaluation SET last_round = @now WHERE id = 1"))
        {
            Add(round, "now", UnixTime.Microseconds(now));
            await round.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<long> PruneResolvedAlertsAsync(DateTime before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "DELETE FROM alert_instances WHERE state = 3 AND resolved_at < @before");
        Add(command, "before", UnixTime.Microseconds(before));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the lock that lets one replica at a time run an evaluation round, until the transaction ends; false at once
    /// when another holds it.
    /// </summary>
    protected abstract Task<bool> LockAlertEvaluationAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken);

    private async Task<IReadOnlyList<T>> ReadSamplesAsync<T>(string sql, DateTime since, Action<DbCommand>? parameters,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        Add(command, "since", RollupResolution.BucketStart(since, RollupResolution.Minute));
        parameters?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<Dictionary<string[], decimal>> SumSpendAsync(DbConnection connection, IReadOnlyList<string> groupBy,
        string where, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "");
        var columns = groupBy.Select((name, i) => SpendColumn(command, name, i)).ToList();
        var select = columns.Count == 0 ? "" : string.Join(", ", columns) + ", ";
        var group = columns.Count == 0 ? "" : " GROUP BY " + string.Join(", ", columns);
        command.CommandText = $"SELECT {select}{MoneySumSql("cost_usd")} FROM llm_rollups WHERE ({where}){group}";
        parameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sums = new Dictionary<string[], decimal>(KeyComparer.Instance);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = Enumerable.Range(0, columns.Count).Select(i => reader.IsDBNull(i) ? "" : reader.GetString(i)).ToArray();
            sums[key] = ReadMoney(reader, columns.Count) ?? 0m;
        }

        return sums;
    }

    private string SpendColumn(DbCommand command, string name, int index)
    {
        switch (name)
        {
            case "agent" or "model" or "provider" or "service":
                return name;
            case "user":
                return "user_id";
            default:
                Add(command, $"dim{index}", CustomDimensionKey(name));
                return CustomDimensionSql($"@dim{index}");
        }
    }

    private Task<IReadOnlyList<AlertInstance>> ReadOpenInstancesAsync(DbConnection connection,
        DbTransaction transaction, CancellationToken cancellationToken) =>
        ReadInstancesAsync(connection, transaction, null, cancellationToken);

    /// <summary>The open instances, or the one with <paramref name="fingerprint"/> whatever its state.</summary>
    private async Task<IReadOnlyList<AlertInstance>> ReadInstancesAsync(DbConnection connection,
        DbTransaction transaction, string? fingerprint, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT labels, rule, severity, annotations, state, value, threshold, active_at, fired_at, resolved_at, " +
            "last_breach_at, reason, silenced_by, inhibited_by, notified, updated_at FROM alert_instances WHERE " +
            (fingerprint is null ? "state <> 3" : "fingerprint = @fingerprint"));
        if (fingerprint is not null)
        {
            Add(command, "fingerprint", fingerprint);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var instances = new List<AlertInstance>();
        while (await reader.ReadAsync(cancellationToken))
        {
            instances.Add(new AlertInstance
            {
                Labels = AlertLabels.Parse(reader.GetString(0)),
                Rule = reader.GetString(1),
                Severity = reader.GetString(2),
                Annotations = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3)) ?? [],
                State = (AlertState)Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
                Value = ReadMoney(reader, 5),
                Threshold = ReadMoney(reader, 6),
                ActiveAt = Micros(reader, 7),
                FiredAt = reader.IsDBNull(8) ? null : Micros(reader, 8),
                ResolvedAt = reader.IsDBNull(9) ? null : Micros(reader, 9),
                LastBreachAt = reader.IsDBNull(10) ? null : Micros(reader, 10),
                Reason = reader.IsDBNull(11) ? null : reader.GetString(11),
                SilencedBy = reader.IsDBNull(12) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(12)) ?? [],
                InhibitedBy = reader.IsDBNull(13) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(13)) ?? [],
                Notified = Convert.ToBoolean(reader.GetValue(14), CultureInfo.InvariantCulture),
                UpdatedAt = Micros(reader, 15),
            });
        }

        return instances;
    }

    private async Task<IReadOnlyDictionary<string, RuleHealth>> ReadRuleHealthAsync(DbConnection connection,
        DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT rule, health, last_evaluation, evaluation_us, last_error, consecutive_failures FROM alert_rule_health");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var health = new Dictionary<string, RuleHealth>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            health[reader.GetString(0)] = new RuleHealth(reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : Micros(reader, 2),
                reader.IsDBNull(3) ? null : TimeSpan.FromMicroseconds(Long(reader, 3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture));
        }

        return health;
    }

    private async Task WriteInstanceAsync(DbConnection connection, DbTransaction transaction, AlertInstance instance,
        CancellationToken cancellationToken)
    {
        if (instance.Deleted)
        {
            await using var delete = Command(connection, transaction, "DELETE FROM alert_instances WHERE fingerprint = @fingerprint");
            Add(delete, "fingerprint", instance.Fingerprint);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var upsert = Command(connection, transaction,
            "INSERT INTO alert_instances (fingerprint, rule, severity, labels, annotations, state, value, threshold, " +
            "active_at, fired_at, resolved_at, last_breach_at, reason, silenced_by, inhibited_by, notified, updated_at) " +
            "VALUES (@fingerprint, @rule, @severity, @labels, @annotations, @state, @value, @threshold, @activeAt, " +
            "@firedAt, @resolvedAt, @lastBreachAt, @reason, @silencedBy, @inhibitedBy, @notified, @updatedAt) " +
            "ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, severity = excluded.severity, " +
            "labels = excluded.labels, annotations = excluded.annotations, state = excluded.state, value = excluded.value, " +
            "threshold = excluded.threshold, active_at = excluded.active_at, fired_at = excluded.fired_at, " +
            "resolved_at = excluded.resolved_at, last_breach_at = excluded.last_breach_at, reason = excluded.reason, " +
            "silenced_by = excluded.silenced_by, inhibited_by = excluded.inhibited_by, notified = excluded.notified, " +
            "updated_at = excluded.updated_at");
        Add(upsert, "fingerprint", instance.Fingerprint);
        Add(upsert, "rule", instance.Rule);
        Add(upsert, "severity", instance.Severity);
        Add(upsert, "labels", instance.Labels.Json);
        Add(upsert, "annotations", JsonSerializer.Serialize(instance.Annotations));
        Add(upsert, "state", (short)instance.State);
        Add(upsert, "value", instance.Value is { } value ? ToDbMoney(value) : null);
        Add(upsert, "threshold", instance.Threshold is { } threshold ? ToDbMoney(threshold) : null);
        Add(upsert, "activeAt", UnixTime.Microseconds(instance.ActiveAt));
        Add(upsert, "firedAt", MicrosOrNull(instance.FiredAt));
        Add(upsert, "resolvedAt", MicrosOrNull(instance.ResolvedAt));
        Add(upsert, "lastBreachAt", MicrosOrNull(instance.LastBreachAt));
        Add(upsert, "reason", instance.Reason);
        Add(upsert, "silencedBy", instance.SilencedBy.Count == 0 ? null : JsonSerializer.Serialize(instance.SilencedBy));
        Add(upsert, "inhibitedBy", instance.InhibitedBy.Count == 0 ? null : JsonSerializer.Serialize(instance.InhibitedBy));
        Add(upsert, "notified", ToDbBool(instance.Notified));
        Add(upsert, "updatedAt", UnixTime.Microseconds(instance.UpdatedAt));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteEventAsync(DbConnection connection, DbTransaction transaction, AlertEvent alertEvent,
        CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction,
            "INSERT INTO alert_events (created_at, fingerprint, rule, severity, status, labels, annotations, value, " +
            "threshold, starts_at, ends_at, reason) VALUES (@createdAt, @fingerprint, @rule, @severity, @status, @labels, " +
            "@annotations, @value, @threshold, @startsAt, @endsAt, @reason)");
        Add(insert, "createdAt", UnixTime.Microseconds(alertEvent.CreatedAt));
        Add(insert, "fingerprint", alertEvent.Fingerprint);
        Add(insert, "rule", alertEvent.Rule);
        Add(insert, "severity", alertEvent.Severity);
        Add(insert, "status", alertEvent.Status);
        Add(insert, "labels", alertEvent.Labels.Json);
        Add(insert, "annotations", JsonSerializer.Serialize(alertEvent.Annotations));
        Add(insert, "value", alertEvent.Value is { } value ? ToDbMoney(value) : null);
        Add(insert, "threshold", alertEvent.Threshold is { } threshold ? ToDbMoney(threshold) : null);
        Add(insert, "startsAt", UnixTime.Microseconds(alertEvent.StartsAt));
        Add(insert, "endsAt", MicrosOrNull(alertEvent.EndsAt));
        Add(insert, "reason", alertEvent.Reason);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteHealthAsync(DbConnection connection, DbTransaction transaction, RuleHealth health,
        CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction,
            "INSERT INTO alert_rule_health (rule, health, last_evaluation, evaluation_us, last_error, consecutive_failures) " +
            "VALUES (@rule, @health, @lastEvaluation, @evaluationUs, @lastError, @failures) ON CONFLICT (rule) DO UPDATE SET " +
            "health = excluded.health, last_evaluation = excluded.last_evaluation, evaluation_us = excluded.evaluation_us, " +
            "last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures");
        Add(upsert, "rule", health.Rule);
        Add(upsert, "health", health.Health);
        Add(upsert, "lastEvaluation", MicrosOrNull(health.LastEvaluation));
        Add(upsert, "evaluationUs", health.EvaluationDuration is { } duration ? (long)duration.TotalMicroseconds : null);
        Add(upsert, "lastError", health.LastError);
        Add(upsert, "failures", health.ConsecutiveFailures);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A boolean as the dialect stores it (boolean in PostgreSQL, 0/1 in SQLite).</summary>
    protected abstract object ToDbBool(bool value);

    private static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateTime Micros(DbDataReader reader, int ordinal) => UnixTime.FromMicroseconds(Long(reader, ordinal));

    private static object? MicrosOrNull(DateTime? time) => time is { } t ? UnixTime.Microseconds(t) : null;

    /// <summary>Group keys compared by value.</summary>
    private sealed class KeyComparer : IEqualityComparer<string[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] key)
        {
            var hash = default(HashCode);
            foreach (var part in key)
            {
                hash.Add(part, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}

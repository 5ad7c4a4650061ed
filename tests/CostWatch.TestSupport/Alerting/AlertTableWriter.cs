using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CostWatch.TestSupport.Alerting;

/// <summary>
/// Writes <c>alert_instances</c> and <c>alert_rule_health</c> rows straight into a migrated database, as the alert
/// engine would: for tests of what reads them. Values go in exactly (numeric on PostgreSQL, decimal text on SQLite).
/// </summary>
public static class AlertTableWriter
{
    public static async Task WriteInstancesAsync(StorageProvider provider, string connectionString,
        IEnumerable<AlertInstanceRow> rows)
    {
        await using var connection = await OpenAsync(provider, connectionString);
        foreach (var row in rows)
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO alert_instances (fingerprint, rule, severity, labels, annotations, state, value, threshold, " +
                "active_at, fired_at, resolved_at, last_breach_at, reason, silenced_by, inhibited_by, notified, updated_at) " +
                "VALUES (@fingerprint, @rule, @severity, @labels, @annotations, @state, @value, @threshold, @activeAt, " +
                "@firedAt, @resolvedAt, @lastBreachAt, @reason, @silencedBy, @inhibitedBy, @notified, @updatedAt)";
            Add(command, "fingerprint", row.Fingerprint);
            Add(command, "rule", row.Rule);
            Add(command, "severity", row.Severity);
            Add(command, "labels", JsonSerializer.Serialize(row.Labels));
            Add(command, "annotations", JsonSerializer.Serialize(row.Annotations));
            Add(command, "state", (short)row.State);
            Add(command, "value", Money(provider, row.Value));
            Add(command, "threshold", Money(provider, row.Threshold));
            Add(command, "activeAt", row.ActiveAt);
            Add(command, "firedAt", row.FiredAt);
            Add(command, "resolvedAt", row.ResolvedAt);
            Add(command, "lastBreachAt", row.LastBreachAt);
            Add(command, "reason", row.Reason);
            Add(command, "silencedBy", row.SilencedBy.Count == 0 ? null : JsonSerializer.Serialize(row.SilencedBy));
            Add(command, "inhibitedBy", row.InhibitedBy.Count == 0 ? null : JsonSerializer.Serialize(row.InhibitedBy));
            Add(command, "notified", row.Notified);
            Add(command, "updatedAt", row.UpdatedAt);
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task WriteRuleHealthAsync(StorageProvider provider, string connectionString,
        IEnumerable<RuleHealthRow> rows)
    {
        await using var connection = await OpenAsync(provider, connectionString);
        foreach (var row in rows)
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO alert_rule_health (rule, health, last_evaluation, evaluation_us, last_error, consecutive_failures) " +
                "VALUES (@rule, @health, @lastEvaluation, @evaluationUs, @lastError, @failures)";
            Add(command, "rule", row.Rule);
            Add(command, "health", row.Health);
            Add(command, "lastEvaluation", row.LastEvaluation);
            Add(command, "evaluationUs", row.EvaluationMicros);
            Add(command, "lastError", row.LastError);
            Add(command, "failures", row.ConsecutiveFailures);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<DbConnection> OpenAsync(StorageProvider provider, string connectionString)
    {
        DbConnection connection = provider == StorageProvider.Sqlite
            ? new SqliteConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static object? Money(StorageProvider provider, decimal? value) =>
        value is { } amount && provider == StorageProvider.Sqlite ? amount.ToString(CultureInfo.InvariantCulture) : value;

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

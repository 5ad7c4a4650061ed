using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CostWatch.Core.Alerting;
using CostWatch.Storage.Alerting;

namespace CostWatch.Storage;

/// <summary>
/// The API's reads of what the alert engine wrote: <c>alert_instances</c> and <c>alert_rule_health</c>, in SQL
/// both dialects accept. Values and thresholds go through the dialect's exact money reader (numeric on
/// PostgreSQL, decimal text on SQLite), never a double.
/// </summary>
internal abstract partial class SqlTelemetryStore : IAlertQueryStore
{
    private const string AlertInstanceColumns =
        "fingerprint, rule, severity, labels, annotations, state, value, threshold, active_at, fired_at, resolved_at, " +
        "last_breach_at, reason, silenced_by, inhibited_by, notified, updated_at";

    public async Task<IReadOnlyList<AlertInstanceRow>> ListAlertsAsync(AlertFilter filter,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var conditions = new List<string>();
        if (filter.State is { } state)
        {
            conditions.Add("state = @state");
            Add(command, "state", (short)state);
        }

        if (filter.Rule is { } rule)
        {
            conditions.Add("rule = @rule");
            Add(command, "rule", rule);
        }

        if (filter.Fingerprint is { } fingerprint)
        {
            conditions.Add("fingerprint = @fingerprint");
            Add(command, "fingerprint", fingerprint);
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {AlertInstanceColumns} FROM alert_instances{where}";
        var alerts = new List<AlertInstanceRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AlertInstanceRow(
                Fingerprint: reader.GetString(0),
                Rule: reader.GetString(1),
                Severity: reader.GetString(2),
                Labels: ReadJsonObject(reader.GetString(3)),
                Annotations: ReadJsonObject(reader.GetString(4)),
                State: (AlertState)Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                Value: ReadMoney(reader, 6),
                Threshold: ReadMoney(reader, 7),
                ActiveAt: reader.GetInt64(8),
                FiredAt: NullableLong(reader, 9),
                ResolvedAt: NullableLong(reader, 10),
                LastBreachAt: NullableLong(reader, 11),
                Reason: Text(reader, 12),
                SilencedBy: ReadJsonStrings(Text(reader, 13)),
                InhibitedBy: ReadJsonStrings(Text(reader, 14)),
                Notified: reader.GetBoolean(15),
                UpdatedAt: reader.GetInt64(16)));
        }

        // Ordered here, ordinally: PostgreSQL would order text by the database's collation.
        return alerts.OrderBy(a => a.Rule, StringComparer.Ordinal).ThenBy(a => a.Fingerprint, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<RuleHealthRow>> ListRuleHealthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT rule, health, last_evaluation, evaluation_us, last_error, consecutive_failures " +
            "FROM alert_rule_health");
        var rules = new List<RuleHealthRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new RuleHealthRow(reader.GetString(0), reader.GetString(1), NullableLong(reader, 2),
                NullableLong(reader, 3), Text(reader, 4), reader.GetInt32(5)));
        }

        return rules.OrderBy(r => r.Rule, StringComparer.Ordinal).ToList();
    }

    private static long? NullableLong(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <exception cref="JsonException">Not a JSON object of strings.</exception>
    private static Dictionary<string, string> ReadJsonObject(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json)
        ?? throw new JsonException("Expected a JSON object of strings, found null.");

    /// <summary>A JSON array of strings; NULL (none) is the empty list.</summary>
    /// <exception cref="JsonException">Not a JSON array of strings.</exception>
    private static IReadOnlyList<string> ReadJsonStrings(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}

using System.Text.Json;
using CostWatch.Core.Alerting;
using CostWatch.Core.Costs;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>GET /api/v1/alerts?state=pending|firing|resolved&amp;rule=...&amp;fingerprint=...</c>: the alert instances as
/// the engine last stored them, silenced and inhibited ones included (with the silences and alerts muting them).
/// </summary>
internal static class AlertsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, IAlertQueryStore store, StoreReadiness readiness,
        CancellationToken cancellationToken)
    {
        var query = request.Query;
        QueryParameters.RejectUnknown(query, "state", "rule", "fingerprint");
        var filter = new AlertFilter(
            ParseState(QueryParameters.Single(query, "state")),
            NotEmpty(query, "rule"),
            NotEmpty(query, "fingerprint"));
        CostsEndpoint.EnsureReady(readiness);
        var alerts = await store.ListAlertsAsync(filter, cancellationToken);
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("alerts");
            foreach (var alert in alerts)
            {
                Write(writer, alert);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static string StateName(AlertState state) => state switch
    {
        AlertState.Pending => "pending",
        AlertState.Firing => "firing",
        AlertState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not an alert state."),
    };

    /// <exception cref="QueryParameterException">Not one of the states.</exception>
    private static AlertState? ParseState(string? text) => text switch
    {
        null => null,
        "pending" => AlertState.Pending,
        "firing" => AlertState.Firing,
        "resolved" => AlertState.Resolved,
        _ => throw new QueryParameterException("state", $"state must be pending, firing or resolved, was '{text}'"),
    };

    /// <exception cref="QueryParameterException">Given, but empty.</exception>
    private static string? NotEmpty(IQueryCollection query, string name) => QueryParameters.Single(query, name) switch
    {
        "" => throw new QueryParameterException(name, $"{name} is empty; leave it out to list every {name}"),
        var value => value,
    };

    private static void Write(Utf8JsonWriter writer, AlertInstanceRow alert)
    {
        writer.WriteStartObject();
        writer.WriteString("fingerprint", alert.Fingerprint);
        writer.WriteString("rule", alert.Rule);
        writer.WriteString("severity", alert.Severity);
        writer.WriteString("state", StateName(alert.State));
        WriteStrings(writer, "labels", alert.Labels);
        WriteStrings(writer, "annotations", alert.Annotations);
        // Exact decimals (a budget's value is money), as JSON numbers.
        CostJson.WriteMoney(writer, "value", alert.Value);
        CostJson.WriteMoney(writer, "threshold", alert.Threshold);
        writer.WriteString("activeAt", Rfc3339.FormatUnixMicros(alert.ActiveAt));
        WriteTime(writer, "firedAt", alert.FiredAt);
        WriteTime(writer, "resolvedAt", alert.ResolvedAt);
        if (alert.Reason is { } reason)
        {
            writer.WriteString("reason", reason);
        }
        else
        {
            writer.WriteNull("reason");
        }

        WriteArray(writer, "silencedBy", alert.SilencedBy);
        WriteArray(writer, "inhibitedBy", alert.InhibitedBy);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, long? micros)
    {
        if (micros is { } time)
        {
            writer.WriteString(name, Rfc3339.FormatUnixMicros(time));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A JSON object of strings, keys in ordinal order (labels as their canonical JSON has them).</summary>
    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// A notice as the queue stores it (<c>notification_deliveries.notice</c>): every field, decimals exact, times to the
/// tick, so every attempt sends exactly the notice that was made. Internal: not a format receivers see.
/// </summary>
internal static class NoticeJson
{
    public static string Write(Notice notice)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("deliveryId", notice.DeliveryId);
            writer.WriteString("receiver", notice.Receiver);
            writer.WriteString("groupKey", notice.GroupKey);
            writer.WriteString("status", notice.Status);
            writer.WriteString("reason", notice.Reason);
            WriteMap(writer, "groupLabels", notice.GroupLabels);
            WriteMap(writer, "commonLabels", notice.CommonLabels);
            WriteMap(writer, "commonAnnotations", notice.CommonAnnotations);
            writer.WriteString("externalUrl", notice.ExternalUrl);
            writer.WriteNumber("createdAt", notice.CreatedAt.Ticks);
            writer.WriteString("previousDeliveryId", notice.PreviousDeliveryId);
            writer.WriteStartArray("alerts");
            foreach (var alert in notice.Alerts)
            {
                writer.WriteStartObject();
                writer.WriteString("fingerprint", alert.Fingerprint);
                writer.WriteString("status", alert.Status);
                writer.WriteString("rule", alert.Rule);
                writer.WriteString("severity", alert.Severity);
                WriteMap(writer, "labels", alert.Labels);
                WriteMap(writer, "annotations", alert.Annotations);
                WriteDecimal(writer, "value", alert.Value);
                WriteDecimal(writer, "threshold", alert.Threshold);
                writer.WriteNumber("startsAt", alert.StartsAt.Ticks);
                if (alert.EndsAt is { } endsAt)
                {
                    writer.WriteNumber("endsAt", endsAt.Ticks);
                }
                else
                {
                    writer.WriteNull("endsAt");
                }

                writer.WriteString("generatorUrl", alert.GeneratorUrl);
                writer.WriteString("change", alert.Change.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <exception cref="JsonException">Not a stored notice.</exception>
    public static Notice Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var alerts = root.GetProperty("alerts").EnumerateArray().Select(a => new NoticeAlert(
            a.GetProperty("fingerprint").GetString()!, a.GetProperty("status").GetString()!, a.GetProperty("rule").GetString()!,
            a.GetProperty("severity").GetString()!, ReadMap(a.GetProperty("labels")), ReadMap(a.GetProperty("annotations")),
            ReadDecimal(a.GetProperty("value")), ReadDecimal(a.GetProperty("threshold")), Utc(a.GetProperty("startsAt").GetInt64()),
            a.GetProperty("endsAt").ValueKind == JsonValueKind.Null ? null : Utc(a.GetProperty("endsAt").GetInt64()),
            a.GetProperty("generatorUrl").GetString()!, Enum.Parse<NoticeAlertChange>(a.GetProperty("change").GetString()!))).ToList();
        return new Notice(root.GetProperty("deliveryId").GetString()!, root.GetProperty("receiver").GetString()!,
            root.GetProperty("groupKey").GetString()!, root.GetProperty("status").GetString()!, root.GetProperty("reason").GetString()!,
            ReadMap(root.GetProperty("groupLabels")), ReadMap(root.GetProperty("commonLabels")),
            ReadMap(root.GetProperty("commonAnnotations")), alerts, root.GetProperty("externalUrl").GetString()!,
            Utc(root.GetProperty("createdAt").GetInt64()), root.GetProperty("previousDeliveryId").GetString());
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    // As a string: a JSON number read back through double would not be guaranteed exact.
    private static void WriteDecimal(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } exact)
        {
            writer.WriteString(name, exact.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static decimal? ReadDecimal(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : decimal.Parse(element.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static IReadOnlyDictionary<string, string> ReadMap(JsonElement element)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString() ?? "";
        }

        return map;
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);
}

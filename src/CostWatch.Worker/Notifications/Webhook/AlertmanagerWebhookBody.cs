using CostWatch.Core.Notifications;
using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>
/// Alertmanager's webhook body, version 4, so a receiver built for Alertmanager works unchanged. As Alertmanager
/// writes them: <c>endsAt</c> of a firing alert is <c>0001-01-01T00:00:00Z</c>, the URL fields are <c>externalURL</c>
/// and <c>generatorURL</c>. Nothing is truncated.
/// </summary>
internal static class AlertmanagerWebhookBody
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public static byte[] Build(Notice notice, string receiver) => WebhookJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("receiver", receiver);
        writer.WriteString("status", notice.Status);
        writer.WriteStartArray("alerts");
        foreach (var alert in notice.Alerts)
        {
            writer.WriteStartObject();
            writer.WriteString("status", alert.Status);
            WebhookJson.WriteMap(writer, "labels", alert.Labels);
            WebhookJson.WriteMap(writer, "annotations", alert.Annotations);
            writer.WriteString("startsAt", Rfc3339.Format(CostWatchWebhookBody.Utc(alert.StartsAt)));
            writer.WriteString("endsAt", alert.EndsAt is { } endsAt ? Rfc3339.Format(CostWatchWebhookBody.Utc(endsAt)) : ZeroTime);
            writer.WriteString("generatorURL", alert.GeneratorUrl);
            writer.WriteString("fingerprint", alert.Fingerprint);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WebhookJson.WriteMap(writer, "groupLabels", notice.GroupLabels);
        WebhookJson.WriteMap(writer, "commonLabels", notice.CommonLabels);
        WebhookJson.WriteMap(writer, "commonAnnotations", notice.CommonAnnotations);
        writer.WriteString("externalURL", notice.ExternalUrl);
        writer.WriteString("version", "4");
        writer.WriteString("groupKey", notice.GroupKey);
        writer.WriteNumber("truncatedAlerts", 0);
        writer.WriteEndObject();
    });
}

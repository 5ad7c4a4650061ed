using System.Text.Json;
using CostWatch.Core.Notifications;
using CostWatch.Worker.Api;
using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>
/// The <c>CostWatch</c> body, version 1 (README "Notifications"): the notice with its reason and, per alert, what
/// changed (<c>new</c>, <c>still firing</c>, <c>resolved</c>); values and thresholds exact decimals as JSON numbers.
/// A field is only ever added within a version; a change to an existing field makes version 2.
/// </summary>
internal static class CostWatchWebhookBody
{
    public const string Version = "1";

    public static byte[] Build(Notice notice, string receiver) => WebhookJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("version", Version);
        writer.WriteString("deliveryId", notice.DeliveryId);
        writer.WriteString("groupKey", notice.GroupKey);
        writer.WriteString("status", notice.Status);
        writer.WriteString("receiver", receiver);
        writer.WriteString("reason", notice.Reason);
        writer.WriteString("externalUrl", notice.ExternalUrl);
        writer.WriteString("createdAt", Rfc3339.Format(Utc(notice.CreatedAt)));
        WebhookJson.WriteMap(writer, "groupLabels", notice.GroupLabels);
        WebhookJson.WriteMap(writer, "commonLabels", notice.CommonLabels);
        WebhookJson.WriteMap(writer, "commonAnnotations", notice.CommonAnnotations);
        writer.WriteStartArray("alerts");
        foreach (var alert in notice.Alerts)
        {
            writer.WriteStartObject();
            writer.WriteString("fingerprint", alert.Fingerprint);
            writer.WriteString("status", alert.Status);
            writer.WriteString("change", ChangeName(alert.Change));
            writer.WriteString("rule", alert.Rule);
            writer.WriteString("severity", alert.Severity);
            WebhookJson.WriteMap(writer, "labels", alert.Labels);
            WebhookJson.WriteMap(writer, "annotations", alert.Annotations);
            CostJson.WriteMoney(writer, "value", alert.Value);
            CostJson.WriteMoney(writer, "threshold", alert.Threshold);
            writer.WriteString("startsAt", Rfc3339.Format(Utc(alert.StartsAt)));
            if (alert.EndsAt is { } endsAt)
            {
                writer.WriteString("endsAt", Rfc3339.Format(Utc(endsAt)));
            }
            else
            {
                writer.WriteNull("endsAt");
            }

            writer.WriteString("generatorUrl", alert.GeneratorUrl);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static string ChangeName(NoticeAlertChange change) => change switch
    {
        NoticeAlertChange.New => "new",
        NoticeAlertChange.StillFiring => "still firing",
        _ => "resolved",
    };

    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

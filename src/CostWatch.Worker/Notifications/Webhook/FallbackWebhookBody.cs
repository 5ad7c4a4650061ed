using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>
/// The body sent when the receiver's format could not be built: plain JSON with the notice's essentials and the error,
/// so the receiver still hears of the alerts (a notice is never dropped for its body). Every string is cleaned of
/// what could have made the real body fail.
/// </summary>
internal static class FallbackWebhookBody
{
    public static byte[] Build(Notice notice, string receiver, string format, string error) => WebhookJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("version", CostWatchWebhookBody.Version);
        writer.WriteBoolean("fallback", true);
        writer.WriteString("error", WebhookJson.Clean($"the {format} body could not be built: {error}"));
        writer.WriteString("deliveryId", notice.DeliveryId);
        writer.WriteString("receiver", WebhookJson.Clean(receiver));
        writer.WriteString("status", notice.Status);
        writer.WriteString("reason", notice.Reason);
        writer.WriteString("groupKey", WebhookJson.Clean(notice.GroupKey));
        writer.WriteString("text", WebhookJson.Clean(NoticeTitle.Of(notice)));
        writer.WriteStartArray("alerts");
        foreach (var alert in notice.Alerts)
        {
            writer.WriteStartObject();
            writer.WriteString("fingerprint", alert.Fingerprint);
            writer.WriteString("status", alert.Status);
            writer.WriteString("rule", WebhookJson.Clean(alert.Rule));
            writer.WriteString("generatorUrl", WebhookJson.Clean(alert.GeneratorUrl));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}

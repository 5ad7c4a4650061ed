using System.Globalization;
using System.Text;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// What is sent when formatting a notice failed: a plain text body that names the error and lists the alerts
/// as raw as they come, so a notice is never dropped for its formatting (as Alertmanager drops them, #3490).
/// Built from the notice's fields with nothing that can fail on their values.
/// </summary>
internal static class EmailFallbackContent
{
    public static EmailContent For(Notice notice, string receiverName, Exception error)
    {
        var resolved = NoticeFormatting.IsResolved(notice);
        var subject = resolved
            ? "[RESOLVED] CostWatch notice (formatting failed)"
            : $"[FIRING:{notice.Alerts.Count(NoticeFormatting.IsFiring)}] CostWatch notice (formatting failed)";

        var text = new StringBuilder();
        text.Append("CostWatch could not format this notification: ").Append(error.GetType().Name).Append(": ")
            .Append(error.Message).Append("\nThe notice follows unformatted.\n\n");
        text.Append("Status: ").Append(notice.Status).Append('\n');
        text.Append("Reason: ").Append(notice.Reason).Append('\n');
        text.Append("Group key: ").Append(notice.GroupKey).Append('\n');
        Labels(text, "Group labels", notice.GroupLabels);
        Labels(text, "Common labels", notice.CommonLabels);
        Labels(text, "Common annotations", notice.CommonAnnotations);
        text.Append("Alerts (").Append(notice.Alerts.Count).Append("):\n");
        foreach (var alert in notice.Alerts)
        {
            text.Append("- ").Append(alert.Change).Append(' ').Append(alert.Status).Append(' ').Append(alert.Rule)
                .Append(" fingerprint ").Append(alert.Fingerprint).Append('\n');
            Labels(text, "  labels", alert.Labels);
            Labels(text, "  annotations", alert.Annotations);
            text.Append("  value ").Append(alert.Value?.ToString(CultureInfo.InvariantCulture) ?? "none")
                .Append(", threshold ").Append(alert.Threshold?.ToString(CultureInfo.InvariantCulture) ?? "none")
                .Append(", starts ").Append(alert.StartsAt.ToString("o", CultureInfo.InvariantCulture))
                .Append(", ends ").Append(alert.EndsAt?.ToString("o", CultureInfo.InvariantCulture) ?? "none").Append('\n');
            text.Append("  source ").Append(alert.GeneratorUrl).Append('\n');
        }

        text.Append("\nCostWatch: ").Append(notice.ExternalUrl).Append('\n');
        text.Append("Receiver: ").Append(receiverName).Append(", delivery id: ").Append(notice.DeliveryId).Append('\n');
        return new EmailContent(subject, text.ToString(), Html: null);
    }

    private static void Labels(StringBuilder text, string title, IReadOnlyDictionary<string, string> labels)
    {
        text.Append(title).Append(": ");
        var first = true;
        foreach (var (name, value) in labels)
        {
            text.Append(first ? "" : ", ").Append(name).Append('=').Append(value);
            first = false;
        }

        text.Append('\n');
    }
}

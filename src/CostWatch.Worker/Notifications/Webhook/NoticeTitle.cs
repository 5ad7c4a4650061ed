using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>A notice in one line, as Alertmanager titles it: <c>[FIRING:2] TraceLoss (agent=researcher)</c> or <c>[RESOLVED] ...</c>.</summary>
internal static class NoticeTitle
{
    public static string Of(Notice notice)
    {
        var firing = notice.Alerts.Count(a => a.Status == NoticeStatus.Firing);
        var status = notice.Status == NoticeStatus.Firing ? $"[FIRING:{firing}]" : "[RESOLVED]";
        var rule = notice.CommonLabels.GetValueOrDefault("alertname")
                   ?? string.Join(", ", notice.Alerts.Select(a => a.Rule).Distinct(StringComparer.Ordinal));
        var labels = notice.GroupLabels.Where(p => p.Key is not ("rule" or "alertname")).Select(p => $"{p.Key}={p.Value}").ToList();
        return labels.Count == 0 ? $"{status} {rule}" : $"{status} {rule} ({string.Join(", ", labels)})";
    }
}

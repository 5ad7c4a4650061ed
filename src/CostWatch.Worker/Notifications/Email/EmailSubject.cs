using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// The subject, as Alertmanager words it: <c>[FIRING:2] TraceLoss (agent=researcher)</c> with the number of firing
/// alerts, or <c>[RESOLVED] TraceLoss (agent=researcher)</c>.
/// </summary>
internal static class EmailSubject
{
    public const int MaxLength = 200;

    public static string For(Notice notice)
    {
        var status = NoticeFormatting.IsResolved(notice)
            ? "[RESOLVED]"
            : $"[FIRING:{notice.Alerts.Count(NoticeFormatting.IsFiring)}]";
        var groupLabels = NoticeFormatting.GroupLabelPairs(notice);
        var subject = groupLabels.Count == 0
            ? $"{status} {NoticeFormatting.RuleName(notice)}"
            : $"{status} {NoticeFormatting.RuleName(notice)} ({string.Join(", ", groupLabels)})";
        return NoticeFormatting.OneLine(subject, MaxLength);
    }
}

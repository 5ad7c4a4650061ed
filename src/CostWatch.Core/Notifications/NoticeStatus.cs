namespace CostWatch.Core.Notifications;

/// <summary>The status of a notice and of each alert in it.</summary>
public static class NoticeStatus
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
}

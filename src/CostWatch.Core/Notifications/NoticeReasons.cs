namespace CostWatch.Core.Notifications;

/// <summary>Why a notice was sent, as every notice says.</summary>
public static class NoticeReasons
{
    public const string FirstNotification = "first notification";
    public const string NewAlertsAdded = "new alerts added";
    public const string SomeAlertsResolved = "some alerts resolved";
    public const string AllAlertsResolved = "all alerts resolved";
    public const string RepeatIntervalElapsed = "repeat interval elapsed";
    public const string Test = "test";
}

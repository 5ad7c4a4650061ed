namespace CostWatch.Storage.Notifications;

/// <summary>A notice's state, as stored in <c>notification_deliveries.state</c>.</summary>
public enum NoticeState
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
}

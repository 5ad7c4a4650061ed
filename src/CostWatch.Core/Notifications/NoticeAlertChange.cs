namespace CostWatch.Core.Notifications;

/// <summary>What happened to an alert since the previous notice of its group to the same receiver.</summary>
public enum NoticeAlertChange
{
    New,
    StillFiring,
    Resolved,
}

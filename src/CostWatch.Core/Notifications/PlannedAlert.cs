namespace CostWatch.Core.Notifications;

/// <summary>An alert in a planned notice, with what changed for the receiver.</summary>
public sealed record PlannedAlert(GroupedAlert Alert, NoticeAlertChange Change);

namespace CostWatch.Core.Notifications;

/// <summary>What a group's next notice says: why, its status, and its alerts (new, then still firing, then resolved).</summary>
public sealed record PlannedNotice(string Reason, string Status, IReadOnlyList<PlannedAlert> Alerts);

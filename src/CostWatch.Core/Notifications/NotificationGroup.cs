namespace CostWatch.Core.Notifications;

/// <summary>
/// The alerts of one group as one receiver sees them, and its timers: <see cref="NextFlushAt"/> is when the group is
/// next looked at (end of group wait, a change after the group interval, or the repeat), null when nothing is due.
/// <see cref="LastNoticeAt"/> is null until the group's first notice.
/// </summary>
public sealed record NotificationGroup(
    string Receiver,
    string GroupKey,
    IReadOnlyDictionary<string, string> GroupLabels,
    DateTime CreatedAt,
    DateTime? NextFlushAt,
    DateTime? LastNoticeAt,
    string? LastDeliveryId);

namespace CostWatch.Core.Notifications;

/// <summary>
/// Alertmanager's timers: <see cref="GroupWait"/> delays the first notice of a new group (so alerts that arrive
/// together go out together), <see cref="GroupInterval"/> is the least time between two notices of a group that
/// changed, <see cref="RepeatInterval"/> re-sends a group that is still firing and did not change.
/// </summary>
public sealed record NoticeTimings(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval);

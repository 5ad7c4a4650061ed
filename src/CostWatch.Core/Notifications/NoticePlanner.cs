using CostWatch.Core.Alerting.Engine;

namespace CostWatch.Core.Notifications;

/// <summary>
/// Alertmanager's grouping, as plain functions over a group's stored state: <see cref="Admit"/> takes an outbox
/// event into a receiver's group and sets when the group is next due; <see cref="Flush"/> decides, when it is due,
/// what the receiver is told and why. Unlike Alertmanager, an alert that resolved before the receiver was told it
/// fires is never listed: the receiver hears nothing of it.
/// </summary>
public static class NoticePlanner
{
    /// <summary>
    /// The group and the alert after <paramref name="change"/>; null when the change means nothing to the receiver
    /// (the resolution of an alert it was never going to hear of).
    /// </summary>
    /// <param name="group">The receiver's group, or null when it has none for this key.</param>
    /// <param name="held">The alert as the group holds it, or null.</param>
    public static (NotificationGroup Group, GroupedAlert Alert)? Admit(NotificationGroup? group, GroupedAlert? held,
        AlertEvent change, string receiver, string groupKey, IReadOnlyDictionary<string, string> groupLabels,
        NoticeTimings timings)
    {
        var firing = string.Equals(change.Status, NoticeStatus.Firing, StringComparison.Ordinal);
        if (!firing && held is null)
        {
            return null;
        }

        if (group is null)
        {
            // A new group waits GroupWait from the change that opened it, so alerts that fire together go out together.
            group = new NotificationGroup(receiver, groupKey, groupLabels, change.CreatedAt, change.CreatedAt + timings.GroupWait, null, null);
        }
        else if (group.LastNoticeAt is { } last)
        {
            // A change to a group that was notified goes out no sooner than GroupInterval after that notice.
            var due = Later(change.CreatedAt, last + timings.GroupInterval);
            group = group with { NextFlushAt = group.NextFlushAt is { } next && next < due ? next : due };
        }
        else
        {
            // Still in its group wait: the first notice takes the change along.
            group = group with { NextFlushAt = group.NextFlushAt ?? change.CreatedAt + timings.GroupWait };
        }

        var alert = new GroupedAlert(change.Fingerprint, change.Status, change.Rule, change.Severity,
            change.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), change.Annotations,
            change.Value, change.Threshold, change.StartsAt, firing ? null : change.EndsAt, change.CreatedAt,
            held?.NotifiedFiring ?? false);
        return (group, alert);
    }

    /// <summary>What a due group sends at <paramref name="now"/>, and what it holds and when it is due afterwards.</summary>
    public static FlushPlan Flush(NotificationGroup group, IReadOnlyList<GroupedAlert> alerts, bool sendResolved,
        NoticeTimings timings, DateTime now)
    {
        var firing = Ordered(alerts.Where(a => a.IsFiring));
        var resolved = alerts.Where(a => !a.IsFiring).ToList();
        var resolvedTold = Ordered(resolved.Where(a => a.NotifiedFiring));
        var newFiring = firing.Where(a => !a.NotifiedFiring).ToList();

        string? reason = null;
        if (group.LastNoticeAt is not { } lastNotice)
        {
            reason = firing.Count > 0 ? NoticeReasons.FirstNotification : null;
        }
        else if (newFiring.Count > 0)
        {
            reason = NoticeReasons.NewAlertsAdded;
        }
        else if (resolvedTold.Count > 0 && sendResolved)
        {
            reason = firing.Count == 0 ? NoticeReasons.AllAlertsResolved : NoticeReasons.SomeAlertsResolved;
        }
        else if (firing.Count > 0 && now - lastNotice >= timings.RepeatInterval)
        {
            reason = NoticeReasons.RepeatIntervalElapsed;
        }

        PlannedNotice? notice = null;
        if (reason is not null)
        {
            var listed = newFiring.Select(a => new PlannedAlert(a, NoticeAlertChange.New))
                .Concat(firing.Where(a => a.NotifiedFiring).Select(a => new PlannedAlert(a, NoticeAlertChange.StillFiring)))
                .Concat(sendResolved ? resolvedTold.Select(a => new PlannedAlert(a, NoticeAlertChange.Resolved)) : [])
                .ToList();
            notice = new PlannedNotice(reason, firing.Count > 0 ? NoticeStatus.Firing : NoticeStatus.Resolved, listed);
        }

        // Resolved alerts are done with once looked at: told now, not to be told (SendResolved off), or never told.
        var forget = resolved.Select(a => a.Fingerprint).ToList();
        var markNotified = notice is null ? [] : newFiring.Select(a => a.Fingerprint).ToList();
        if (firing.Count == 0)
        {
            return new FlushPlan(notice, forget, markNotified, DeleteGroup: true, NextFlushAt: null);
        }

        // Firing alerts remain, so the receiver has been told of the group: now or before.
        var noticeAt = notice is null ? group.LastNoticeAt!.Value : now;
        return new FlushPlan(notice, forget, markNotified, DeleteGroup: false, NextFlushAt: noticeAt + timings.RepeatInterval);
    }

    private static List<GroupedAlert> Ordered(IEnumerable<GroupedAlert> alerts) =>
        alerts.OrderBy(a => a.StartsAt).ThenBy(a => a.Fingerprint, StringComparer.Ordinal).ToList();

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}

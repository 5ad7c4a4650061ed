using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications;

/// <summary>Turns a planned notice into the <see cref="Notice"/> senders get: common labels, generator links, its delivery id.</summary>
internal static class NoticeFactory
{
    public static Notice Create(string deliveryId, NotificationGroup group, PlannedNotice planned, string externalUrl, DateTime now)
    {
        var alerts = planned.Alerts.Select(p => Alert(p.Alert, p.Change, externalUrl)).ToList();
        return new Notice(deliveryId, group.Receiver, group.GroupKey, planned.Status, planned.Reason, group.GroupLabels,
            Common(alerts.Select(a => a.Labels)), Common(alerts.Select(a => a.Annotations)), alerts, externalUrl, now,
            group.LastDeliveryId);
    }

    /// <summary>The earliest state change the notice reports (new or resolved alerts); null for a repeat.</summary>
    public static DateTime? EarliestChange(PlannedNotice planned) =>
        planned.Alerts.Where(a => a.Change != NoticeAlertChange.StillFiring).Select(a => (DateTime?)a.Alert.ChangedAt).Min();

    /// <summary>A notice of one made-up alert, to see that a receiver is reached and what it shows.</summary>
    public static Notice Test(string deliveryId, string receiver, string externalUrl, DateTime now)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = "CostWatchTestNotice",
            ["severity"] = "info",
            ["receiver"] = receiver,
        };
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = $"A test notice to receiver {receiver}; no alert fires.",
        };
        var fingerprint = Core.Alerting.AlertLabels.From(labels).Fingerprint;
        var alert = new NoticeAlert(fingerprint, NoticeStatus.Firing, "CostWatchTestNotice", "info", labels, annotations, null, null,
            now, null, GeneratorUrl(externalUrl, fingerprint), NoticeAlertChange.New);
        return new Notice(deliveryId, receiver, "{}", NoticeStatus.Firing, NoticeReasons.Test,
            new Dictionary<string, string>(), labels, annotations, [alert], externalUrl, now, null);
    }

    public static string GeneratorUrl(string externalUrl, string fingerprint) =>
        $"{externalUrl}/api/v1/alerts?fingerprint={Uri.EscapeDataString(fingerprint)}";

    private static NoticeAlert Alert(GroupedAlert alert, NoticeAlertChange change, string externalUrl) =>
        new(alert.Fingerprint, change == NoticeAlertChange.Resolved ? NoticeStatus.Resolved : NoticeStatus.Firing, alert.Rule,
            alert.Severity, alert.Labels, alert.Annotations, alert.Value, alert.Threshold, alert.StartsAt,
            change == NoticeAlertChange.Resolved ? alert.EndsAt : null, GeneratorUrl(externalUrl, alert.Fingerprint), change);

    /// <summary>The pairs every alert has, with the same value.</summary>
    private static IReadOnlyDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> maps)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var map in maps)
        {
            if (common is null)
            {
                common = new SortedDictionary<string, string>(map.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
                continue;
            }

            foreach (var key in common.Keys.ToList())
            {
                if (!map.TryGetValue(key, out var value) || !string.Equals(value, common[key], StringComparison.Ordinal))
                {
                    common.Remove(key);
                }
            }
        }

        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}

using CostWatch.Core.Alerting;

namespace CostWatch.Core.Notifications;

/// <summary>
/// The built-in alert <c>CostWatchNotificationFailing</c> {receiver}: raised by the notification dispatcher when a
/// notice to the receiver is dead-lettered, resolved when the receiver accepts a notice again. The alert engine
/// leaves its instances alone.
/// </summary>
public static class NotificationFailingAlert
{
    public const string Rule = "CostWatchNotificationFailing";
    public const string Severity = "critical";
    public const string ReceiverLabel = "receiver";

    /// <summary>Why the alert resolved.</summary>
    public const string ResolvedReason = "receiver delivered";

    public static AlertLabels LabelsFor(string receiver) =>
        AlertLabels.For(Rule, Severity, [new KeyValuePair<string, string>(ReceiverLabel, receiver)]);

    /// <summary>The failing receiver when <paramref name="labels"/> are this alert's; otherwise null.</summary>
    public static string? ReceiverOf(AlertLabels labels) =>
        string.Equals(labels[AlertLabels.AlertName], Rule, StringComparison.Ordinal) && labels.TryGet(ReceiverLabel, out var receiver)
            ? receiver
            : null;
}

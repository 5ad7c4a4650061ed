using CostWatch.Core.Alerting;

namespace CostWatch.Core.Notifications;

/// <summary>
/// How routes and grouping read a label: by its name, where <c>rule</c>, unless an alert has a label of that name,
/// means the rule's name (the <c>alertname</c> label). A label an alert lacks reads as empty.
/// </summary>
public static class NotificationLabels
{
    public const string Rule = "rule";

    /// <summary>In <c>GroupBy</c>: group by every label, so each alert is a group of its own.</summary>
    public const string All = "...";

    public static string Value(AlertLabels labels, string name) =>
        labels.TryGet(name, out var value) ? value
        : string.Equals(name, Rule, StringComparison.Ordinal) ? labels[AlertLabels.AlertName]
        : "";
}

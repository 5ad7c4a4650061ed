namespace CostWatch.Core.Alerting.Rules;

/// <summary>The alerts CostWatch raises about itself; a rules file may not use their names.</summary>
public static class ReservedRuleNames
{
    /// <summary>A rule's evaluation failed three times in a row.</summary>
    public const string RuleEvaluationFailing = "CostWatchRuleEvaluationFailing";

    /// <summary>Notifications could not be delivered.</summary>
    public const string NotificationFailing = "CostWatchNotificationFailing";

    public static readonly IReadOnlySet<string> Names =
        new HashSet<string>([RuleEvaluationFailing, NotificationFailing], StringComparer.Ordinal);
}

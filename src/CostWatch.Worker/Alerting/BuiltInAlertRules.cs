using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Templates;
using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Alerting;

/// <summary>The alerts CostWatch raises about itself.</summary>
internal static class BuiltInAlertRules
{
    /// <summary>Consecutive failed evaluations of a rule before <see cref="EvaluationFailing"/> fires.</summary>
    public const int FailuresBeforeAlert = 3;

    /// <summary>Raised and resolved by the notification dispatcher (<see cref="NotificationFailingAlert"/>), not by the engine.</summary>
    public const string NotificationFailingName = NotificationFailingAlert.Rule;

    /// <summary>Fires, per rule (label <c>rule</c>), once its evaluation failed three times in a row; resolves when it succeeds.</summary>
    public static readonly AlertRule EvaluationFailing = new()
    {
        Name = "CostWatchRuleEvaluationFailing",
        // The kind is not evaluated: the engine feeds this rule from the rules' health.
        Kind = AlertRuleKind.PipelineSilence,
        Severity = "critical",
        GroupBy = ["rule"],
        Annotations = new Dictionary<string, AlertTemplate>
        {
            ["summary"] = AlertTemplate.Parse("Alert rule {{ $labels.rule }} failed {{ $value }} evaluations in a row"),
        },
    };

    /// <summary>Rules whose instances the engine keeps even though no rules file names them.</summary>
    public static readonly IReadOnlySet<string> Names =
        new HashSet<string>([EvaluationFailing.Name, NotificationFailingName], StringComparer.Ordinal);
}

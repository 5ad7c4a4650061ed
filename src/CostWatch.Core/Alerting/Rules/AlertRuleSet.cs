namespace CostWatch.Core.Alerting.Rules;

/// <summary>A whole rules file: swapped at once when the file changes, never edited in place.</summary>
/// <param name="EvaluationInterval">How often every rule is evaluated.</param>
/// <param name="Rules">In the file's order.</param>
/// <param name="InhibitRules">The file's, or the default (pipeline silence mutes trace loss) when the file has no <c>inhibitRules</c> key.</param>
/// <param name="Source">The file's path as configured.</param>
public sealed record AlertRuleSet(
    TimeSpan EvaluationInterval,
    IReadOnlyList<AlertRule> Rules,
    IReadOnlyList<InhibitRule> InhibitRules,
    string Source);

namespace CostWatch.Core.Alerting.Rules;

public sealed record AlertRuleSet(
    TimeSpan EvaluationInterval,
    IReadOnlyList<AlertRule> Rules,
    IReadOnlyList<InhibitRule> InhibitRules,
    string Source);

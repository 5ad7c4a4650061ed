namespace CostWatch.Core.Alerting.Rules;

public sealed record InhibitRule(
    IReadOnlyDictionary<string, string> SourceMatch,
    IReadOnlyDictionary<string, string> TargetMatch,
    IReadOnlyList<string> Equal);

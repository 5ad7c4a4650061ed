namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// While an alert matching <paramref name="SourceMatch"/> fires, alerts matching <paramref name="TargetMatch"/> that
/// carry the same values of the <paramref name="Equal"/> labels are muted (Alertmanager's inhibition). Matches are
/// exact label values.
/// </summary>
public sealed record InhibitRule(
    IReadOnlyDictionary<string, string> SourceMatch,
    IReadOnlyDictionary<string, string> TargetMatch,
    IReadOnlyList<string> Equal);

using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Core.Tests.Alerting;

/// <summary>
/// Runs rounds the way the store does: only open instances are read back, changed ones are written, deleted ones
/// vanish, and every outbox event is kept. Time is a logical clock: rounds are given their own times.
/// </summary>
internal sealed class AlertTimeline
{
    public static readonly DateTime T0 = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private readonly Dictionary<string, AlertInstance> _stored = new(StringComparer.Ordinal);

    public List<AlertEvent> Events { get; } = [];

    public IReadOnlyList<InhibitRule> InhibitRules { get; init; } = [];

    /// <summary>One round at <paramref name="at"/>: every rule with its observations and the downtime before it.</summary>
    public void Round(TimeSpan at, params (AlertRule Rule, IReadOnlyList<GroupObservation> Observations, TimeSpan Downtime)[] rules)
    {
        var now = T0 + at;
        var round = new AlertRound(now, _stored.Values.Where(i => i.State != AlertState.Resolved).Select(Copy));
        foreach (var (rule, observations, downtime) in rules)
        {
            round.Apply(rule, observations, downtime);
        }

        round.RetireRulesOtherThan(rules.Select(r => r.Rule.Name).ToHashSet(StringComparer.Ordinal));
        round.Mute(_ => [], InhibitRules);
        Events.AddRange(round.TakeEvents());
        foreach (var instance in round.Instances.Where(i => i.Changed))
        {
            if (instance.Deleted)
            {
                _stored.Remove(instance.Fingerprint);
            }
            else
            {
                _stored[instance.Fingerprint] = Copy(instance);
            }
        }
    }

    public void Round(TimeSpan at, AlertRule rule, params GroupObservation[] observations) =>
        Round(at, (rule, observations, TimeSpan.Zero));

    /// <summary>The state of the instance with these group labels, or null when there is none.</summary>
    public AlertState? StateOf(AlertRule rule, params (string Name, string Value)[] group) =>
        Find(rule, group)?.State;

    public AlertInstance? Find(AlertRule rule, params (string Name, string Value)[] group)
    {
        var labels = AlertLabels.For(rule.Name, rule.Severity,
            rule.Labels.Concat(group.Select(g => new KeyValuePair<string, string>(g.Name, g.Value))));
        return _stored.GetValueOrDefault(labels.Fingerprint);
    }

    public static GroupObservation Agent(string agent, AlertVerdict verdict, decimal value = 1, long samples = 100) =>
        new([new("agent", agent)], verdict, value, 0.5m, samples);

    private static AlertInstance Copy(AlertInstance i) => new()
    {
        Labels = i.Labels,
        Rule = i.Rule,
        Severity = i.Severity,
        Annotations = i.Annotations,
        State = i.State,
        Value = i.Value,
        Threshold = i.Threshold,
        ActiveAt = i.ActiveAt,
        FiredAt = i.FiredAt,
        ResolvedAt = i.ResolvedAt,
        LastBreachAt = i.LastBreachAt,
        Reason = i.Reason,
        SilencedBy = i.SilencedBy,
        InhibitedBy = i.InhibitedBy,
        Notified = i.Notified,
        UpdatedAt = i.UpdatedAt,
    };
}

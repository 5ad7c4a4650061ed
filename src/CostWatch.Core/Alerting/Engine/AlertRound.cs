using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Core.Alerting.Engine;

/// <summary>
/// One evaluation round over the stored instances: each rule's observations move its instances on (pending,
/// firing, keep-firing, resolved), then silences and inhibitions are applied and the notifiable changes are taken
/// as outbox events. Pure: the caller reads the instances under the evaluation lock and writes back the changed ones
/// with the events, in one transaction.
/// </summary>
public sealed class AlertRound(DateTime now, IEnumerable<AlertInstance> stored)
{
    private readonly Dictionary<string, AlertInstance> _instances =
        stored.ToDictionary(i => i.Fingerprint, StringComparer.Ordinal);

    private readonly HashSet<string> _justResolved = new(StringComparer.Ordinal);

    public DateTime Now { get; } = now;

    public IReadOnlyCollection<AlertInstance> Instances => _instances.Values;

    /// <summary>
    /// Moves the instances of <paramref name="rule"/> on by one evaluation. <paramref name="downtime"/> is how long
    /// the rule went unevaluated beyond one interval (CostWatch down, or evaluations failing): it does not count toward
    /// <c>for</c> or <c>keepFiringFor</c>, so those clocks are moved forward by it.
    /// </summary>
    public void Apply(AlertRule rule, IReadOnlyList<GroupObservation> observations, TimeSpan downtime)
    {
        if (downtime > TimeSpan.Zero)
        {
            foreach (var instance in Of(rule.Name))
            {
                Defer(instance, downtime);
            }
        }

        var observed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var observation in observations)
        {
            var labels = AlertLabels.For(rule.Name, rule.Severity, rule.Labels.Concat(observation.GroupLabels));
            observed.Add(labels.Fingerprint);
            _instances.TryGetValue(labels.Fingerprint, out var instance);
            instance = Step(rule, labels, instance, observation);
            if (instance is not null)
            {
                _instances[instance.Fingerprint] = instance;
            }
        }

        // A group that produced nothing this time had no samples in the window. Where the rule needs none that is
        // a clear condition (no oversized prompt, no spend this period); otherwise it is insufficient data and the
        // instance stays as it is.
        foreach (var instance in Of(rule.Name).Where(i => !observed.Contains(i.Fingerprint)).ToList())
        {
            if (rule.MinSamples == 0)
            {
                Step(rule, instance.Labels, instance, new GroupObservation([], AlertVerdict.Clear, null, null, 0));
            }
        }
    }

    /// <summary>Instances of rules that are gone from the rules file resolve (or, when only pending, disappear).</summary>
    public void RetireRulesOtherThan(IReadOnlySet<string> rules)
    {
        foreach (var instance in _instances.Values.Where(i => !rules.Contains(i.Rule)).ToList())
        {
            Clear(instance, AlertReasons.RuleRemoved, keepFiringFor: TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Marks who silences and who inhibits each open instance. A source inhibits only while firing, and never itself.
    /// </summary>
    public void Mute(Func<AlertLabels, IReadOnlyList<string>> silencedBy, IReadOnlyList<InhibitRule> inhibitRules)
    {
        var open = _instances.Values.Where(i => !i.Deleted && i.State != AlertState.Resolved).ToList();
        var sources = open.Where(i => i.State == AlertState.Firing).ToList();
        foreach (var target in open)
        {
            var silences = silencedBy(target.Labels);
            var inhibitors = sources
                .Where(source => source != target && inhibitRules.Any(rule => Inhibits(rule, source.Labels, target.Labels)))
                .Select(source => source.Fingerprint)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (!target.SilencedBy.SequenceEqual(silences, StringComparer.Ordinal))
            {
                target.SilencedBy = silences;
                target.Changed = true;
            }

            if (!target.InhibitedBy.SequenceEqual(inhibitors, StringComparer.Ordinal))
            {
                target.InhibitedBy = inhibitors;
                target.Changed = true;
            }
        }

        foreach (var resolved in _instances.Values.Where(i => i.State == AlertState.Resolved && i.IsMuted))
        {
            resolved.SilencedBy = [];
            resolved.InhibitedBy = [];
            resolved.Changed = true;
        }
    }

    /// <summary>
    /// The notifiable changes of this round: an instance that fires and is not muted (first time this episode, or
    /// once its silence or inhibition ends), and the resolution of one that was notified as firing.
    /// </summary>
    public IReadOnlyList<AlertEvent> TakeEvents()
    {
        var events = new List<AlertEvent>();
        foreach (var instance in _instances.Values.OrderBy(i => i.Fingerprint, StringComparer.Ordinal))
        {
            if (instance.State == AlertState.Firing && !instance.Notified && !instance.IsMuted)
            {
                instance.Notified = true;
                instance.Changed = true;
                events.Add(AlertEvent.Of(instance, AlertEvent.Firing, Now));
            }
            else if (_justResolved.Contains(instance.Fingerprint) && instance.Notified)
            {
                events.Add(AlertEvent.Of(instance, AlertEvent.Resolved, Now));
            }
        }

        return events;
    }

    private IEnumerable<AlertInstance> Of(string rule) =>
        _instances.Values.Where(i => string.Equals(i.Rule, rule, StringComparison.Ordinal) && !i.Deleted);

    private AlertInstance? Step(AlertRule rule, AlertLabels labels, AlertInstance? instance, GroupObservation observation)
    {
        switch (observation.Verdict)
        {
            case AlertVerdict.Breached:
                if (instance is null || instance.Deleted || instance.State == AlertState.Resolved)
                {
                    instance = StartEpisode(rule, labels, instance);
                }

                instance.LastBreachAt = Now;
                Show(rule, instance, observation);
                if (instance.State == AlertState.Pending && Now - instance.ActiveAt >= rule.For)
                {
                    instance.State = AlertState.Firing;
                    instance.FiredAt = Now;
                }

                instance.Changed = true;
                return instance;

            case AlertVerdict.Clear when instance is not null && !instance.Deleted:
                Show(rule, instance, observation);
                Clear(instance, AlertReasons.ConditionCleared, rule.KeepFiringFor);
                return instance;

            case AlertVerdict.Retired when instance is not null && !instance.Deleted:
                Show(rule, instance, observation);
                Clear(instance, AlertReasons.Retired, keepFiringFor: TimeSpan.Zero);
                return instance;

            case AlertVerdict.InsufficientData when instance is not null && !instance.Deleted && instance.State != AlertState.Resolved:
                // Neither fires nor resolves; the value shown stays the last one judged.
                return instance;

            default:
                return instance;
        }
    }

    private AlertInstance StartEpisode(AlertRule rule, AlertLabels labels, AlertInstance? previous)
    {
        var instance = new AlertInstance
        {
            Labels = labels,
            Rule = rule.Name,
            Severity = rule.Severity,
            State = AlertState.Pending,
            ActiveAt = Now,
            UpdatedAt = Now,
            Changed = true,
        };
        if (previous is not null)
        {
            _justResolved.Remove(previous.Fingerprint);
        }

        return instance;
    }

    private void Clear(AlertInstance instance, string reason, TimeSpan keepFiringFor)
    {
        if (instance.Deleted || instance.State == AlertState.Resolved)
        {
            return;
        }

        if (instance.State == AlertState.Pending)
        {
            // A pending alert whose condition cleared was never announced: it just disappears.
            instance.Deleted = true;
            instance.Changed = true;
            return;
        }

        if (keepFiringFor > TimeSpan.Zero && instance.LastBreachAt is { } lastBreach && Now - lastBreach < keepFiringFor)
        {
            return;
        }

        instance.State = AlertState.Resolved;
        instance.ResolvedAt = Now;
        instance.Reason = reason;
        instance.Changed = true;
        _justResolved.Add(instance.Fingerprint);
    }

    private static void Defer(AlertInstance instance, TimeSpan downtime)
    {
        if (instance.State == AlertState.Pending)
        {
            instance.ActiveAt += downtime;
            instance.Changed = true;
        }
        else if (instance.State == AlertState.Firing && instance.LastBreachAt is { } lastBreach)
        {
            instance.LastBreachAt = lastBreach + downtime;
            instance.Changed = true;
        }
    }

    /// <summary>Updates the value, threshold and annotations shown, when the observation carries a value.</summary>
    private void Show(AlertRule rule, AlertInstance instance, GroupObservation observation)
    {
        if (observation.Value is null && observation.Verdict != AlertVerdict.Breached)
        {
            return;
        }

        instance.Value = observation.Value;
        instance.Threshold = observation.Threshold;
        instance.Annotations = Annotate(rule, instance);
        instance.UpdatedAt = Now;
        instance.Changed = true;
    }

    /// <summary>
    /// Renders the rule's annotations. A template that fails at run time yields a plain text with the error instead:
    /// an alert is never left without its summary, nor dropped, because of a template.
    /// </summary>
    private static Dictionary<string, string> Annotate(AlertRule rule, AlertInstance instance)
    {
        var labels = instance.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var context = new AlertTemplateContext(labels, instance.Value, instance.Threshold);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in rule.Annotations)
        {
            try
            {
                annotations[name] = template.Render(context);
            }
            catch (AlertTemplateException e)
            {
                annotations[name] = $"{Plain(rule, instance)} (annotation template failed: {e.Message})";
            }
        }

        annotations.TryAdd("summary", Plain(rule, instance));
        return annotations;
    }

    private static string Plain(AlertRule rule, AlertInstance instance)
    {
        var groups = string.Join(", ", instance.Labels.Pairs
            .Where(p => p.Key is not (AlertLabels.AlertName or AlertLabels.Severity))
            .Select(p => $"{p.Key}={p.Value}"));
        var subject = groups.Length == 0 ? rule.Name : $"{rule.Name} ({groups})";
        return $"{subject}: value {Format(instance.Value)}, threshold {Format(instance.Threshold)}";
    }

    private static string Format(decimal? value) =>
        value is { } v ? v.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture) : "none";

    private static bool Inhibits(InhibitRule rule, AlertLabels source, AlertLabels target) =>
        rule.SourceMatch.All(m => source.TryGet(m.Key, out var v) && string.Equals(v, m.Value, StringComparison.Ordinal))
        && rule.TargetMatch.All(m => target.TryGet(m.Key, out var v) && string.Equals(v, m.Value, StringComparison.Ordinal))
        && rule.Equal.All(name => string.Equals(source[name], target[name], StringComparison.Ordinal));
}

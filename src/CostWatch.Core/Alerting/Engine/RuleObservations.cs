using CostWatch.Core.Alerting.Data;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Samples;

namespace CostWatch.Core.Alerting.Engine;

/// <summary>
/// What each rule kind concludes from the samples of its window, group by group. Ratios and quantiles need the
/// rule's <c>minSamples</c>: below it a group is <see cref="AlertVerdict.InsufficientData"/> (zero runs is not 0% failure).
/// </summary>
public static class RuleObservations
{
    /// <summary>loop_iterations: the fraction of runs with more than <c>maxIterations</c> iterations, above <c>threshold</c>.</summary>
    public static IReadOnlyList<GroupObservation> LoopIterations(AlertRule rule, IEnumerable<IterationCounts> counts) =>
        counts.GroupBy(c => GroupKey.Of(rule, name => name == "agent" ? c.Agent : ""), GroupKey.Comparer)
            .Select(g =>
            {
                var runs = g.Sum(c => c.Runs);
                var over = g.Sum(c => c.RunsOver);
                var fraction = runs == 0 ? 0m : (decimal)over / runs;
                return Judge(rule, g.Key, runs, fraction, fraction > rule.Threshold);
            })
            .ToList();

    /// <summary>tool_success_rate: the share of successful calls, below <c>threshold</c>.</summary>
    public static IReadOnlyList<GroupObservation> ToolSuccessRate(AlertRule rule, IEnumerable<ToolCounts> counts) =>
        counts.GroupBy(c => GroupKey.Of(rule, name => name switch { "agent" => c.Agent, "tool" => c.Tool, _ => "" }), GroupKey.Comparer)
            .Select(g =>
            {
                var calls = g.Sum(c => c.Calls);
                var failed = g.Sum(c => c.FailedCalls);
                var rate = calls == 0 ? 1m : (decimal)(calls - failed) / calls;
                return Judge(rule, g.Key, calls, rate, rate < rule.Threshold);
            })
            .ToList();

    /// <summary>
    /// context_window: the largest prompt of the window over its model's context window, above <c>threshold</c>. Exact:
    /// some call exceeded threshold x window exactly when the largest one did. Calls to models without a known window
    /// are not judged.
    /// </summary>
    public static IReadOnlyList<GroupObservation> ContextWindow(AlertRule rule, IEnumerable<LlmCounts> counts,
        Func<string, string, long?> contextWindow) =>
        counts.Select(c => (Counts: c, Window: contextWindow(c.Provider, c.Model)))
            .Where(c => c.Window is > 0)
            .GroupBy(c => GroupKey.Of(rule, name => ModelLabel(name, c.Counts)), GroupKey.Comparer)
            .Select(g =>
            {
                var calls = g.Sum(c => c.Counts.Calls);
                var utilisation = g.Max(c => (decimal)c.Counts.MaxInputTokens / c.Window!.Value);
                return Judge(rule, g.Key, calls, utilisation, utilisation > rule.Threshold);
            })
            .ToList();

    /// <summary>unpriced_model: calls the catalog could not price, more than <c>threshold</c> of them.</summary>
    public static IReadOnlyList<GroupObservation> UnpricedModel(AlertRule rule, IEnumerable<LlmCounts> counts) =>
        counts.GroupBy(c => GroupKey.Of(rule, name => ModelLabel(name, c)), GroupKey.Comparer)
            .Select(g =>
            {
                var unpriced = g.Sum(c => c.UnpricedCalls);
                return Judge(rule, g.Key, g.Sum(c => c.Calls), unpriced, unpriced > rule.Threshold);
            })
            .ToList();

    /// <summary>
    /// run_duration_quantile: the <c>quantile</c> of run durations, in seconds, above <c>threshold</c>. Read from
    /// <see cref="DurationBuckets"/> as the upper bound of the bucket holding the quantile's rank.
    /// </summary>
    public static IReadOnlyList<GroupObservation> RunDurationQuantile(AlertRule rule, IEnumerable<DurationCounts> counts) =>
        counts.GroupBy(c => GroupKey.Of(rule, name => name == "agent" ? c.Agent : ""), GroupKey.Comparer)
            .Select(g =>
            {
                var buckets = g.GroupBy(c => c.Bucket).Select(b => (Bucket: b.Key, Runs: b.Sum(c => c.Runs)))
                    .OrderBy(b => b.Bucket).ToList();
                var runs = buckets.Sum(b => b.Runs);
                var quantile = runs == 0 ? 0m : QuantileSeconds(buckets, runs, rule.Quantile ?? 0.99m);
                return Judge(rule, g.Key, runs, quantile, quantile > rule.Threshold);
            })
            .ToList();

    /// <summary>
    /// trace_loss: each known agent silent for longer than <c>threshold</c>; past <c>retireAfter</c> it retires
    /// (<paramref name="expected"/> agents never do). Nothing is judged until CostWatch has been up for one threshold:
    /// it could not have heard anything while it was down.
    /// </summary>
    public static IReadOnlyList<GroupObservation> TraceLoss(AlertRule rule, IEnumerable<KnownAgent> agents,
        IReadOnlySet<string> expected, DateTime startedAt, DateTime now)
    {
        var threshold = TimeSpan.FromSeconds((double)rule.Threshold);
        var judging = now - startedAt >= threshold;
        var byAgent = agents.ToDictionary(a => a.Agent, StringComparer.Ordinal);
        foreach (var name in expected.Where(name => !byAgent.ContainsKey(name)))
        {
            // An expected agent never heard from is measured from start-up.
            byAgent[name] = new KnownAgent(name, startedAt, startedAt, null);
        }

        var observations = new List<GroupObservation>();
        foreach (var agent in byAgent.Values.OrderBy(a => a.Agent, StringComparer.Ordinal))
        {
            var isExpected = expected.Contains(agent.Agent);
            if (agent.IsRetired && !isExpected)
            {
                continue;
            }

            var lastHeard = isExpected && agent.LastSeen < startedAt ? startedAt : agent.LastSeen;
            var silence = now - lastHeard;
            var labels = GroupKey.Of(rule, name => name == "agent" ? agent.Agent : "");
            var seconds = (decimal)Math.Max(0, silence.TotalSeconds);
            var verdict = !judging ? AlertVerdict.InsufficientData
                : !isExpected && rule.RetireAfter is { } retireAfter && silence >= retireAfter ? AlertVerdict.Retired
                : silence > threshold ? AlertVerdict.Breached
                : AlertVerdict.Clear;
            observations.Add(new GroupObservation(labels, verdict, decimal.Round(seconds, 3), rule.Threshold, 1));
        }

        return observations;
    }

    /// <summary>The agents <see cref="TraceLoss"/> retires this round, to be marked in the registry.</summary>
    public static IEnumerable<string> Retiring(AlertRule rule, IEnumerable<KnownAgent> agents, IReadOnlySet<string> expected,
        DateTime startedAt, DateTime now) =>
        rule.RetireAfter is { } retireAfter && now - startedAt >= TimeSpan.FromSeconds((double)rule.Threshold)
            ? agents.Where(a => !a.IsRetired && !expected.Contains(a.Agent) && now - a.LastSeen >= retireAfter).Select(a => a.Agent)
            : [];

    /// <summary>pipeline_silence: no telemetry from any agent for longer than <c>threshold</c>.</summary>
    public static IReadOnlyList<GroupObservation> PipelineSilence(AlertRule rule, IEnumerable<KnownAgent> agents,
        DateTime startedAt, DateTime now)
    {
        var threshold = TimeSpan.FromSeconds((double)rule.Threshold);
        var latest = agents.Select(a => (DateTime?)a.LastSeen).Max();
        if (latest is null || now - startedAt < threshold)
        {
            return [new GroupObservation([], AlertVerdict.InsufficientData, null, rule.Threshold, 0)];
        }

        var silence = now - (latest.Value < startedAt ? startedAt : latest.Value);
        var seconds = decimal.Round((decimal)Math.Max(0, silence.TotalSeconds), 3);
        return [new GroupObservation([], silence > threshold ? AlertVerdict.Breached : AlertVerdict.Clear, seconds, rule.Threshold, 1)];
    }

    /// <summary>
    /// budget: spend in the period against each <c>warnAt</c> fraction of <c>limitUsd</c> (label <c>budget_level</c>, e.g.
    /// "80%"), and with <c>forecast</c> the spend projected to the period's end from the recent rate (level "forecast").
    /// </summary>
    public static IReadOnlyList<GroupObservation> Budget(AlertRule rule, IEnumerable<GroupSpend> spend,
        TimeSpan recentWindow, TimeSpan periodLeft)
    {
        var limit = rule.LimitUsd ?? 0m;
        var observations = new List<GroupObservation>();
        foreach (var group in spend)
        {
            foreach (var level in rule.WarnAt)
            {
                var threshold = limit * level;
                observations.Add(new GroupObservation(
                    [.. group.Group, new("budget_level", Percent(level))],
                    group.Spent >= threshold ? AlertVerdict.Breached : AlertVerdict.Clear, group.Spent, threshold, 1));
            }

            if (rule.Forecast && recentWindow > TimeSpan.Zero)
            {
                var rate = group.RecentSpent / (decimal)recentWindow.TotalSeconds;
                var projected = decimal.Round(group.Spent + (rate * (decimal)periodLeft.TotalSeconds), 6);
                observations.Add(new GroupObservation([.. group.Group, new("budget_level", "forecast")],
                    projected > limit ? AlertVerdict.Breached : AlertVerdict.Clear, projected, limit, 1));
            }
        }

        return observations;
    }

    private static string ModelLabel(string name, LlmCounts counts) => name switch
    {
        "agent" => counts.Agent,
        "model" => counts.Model,
        _ => "",
    };

    private static GroupObservation Judge(AlertRule rule, IReadOnlyList<KeyValuePair<string, string>> group, long samples,
        decimal value, bool breached) => new(group,
        samples < rule.MinSamples ? AlertVerdict.InsufficientData : breached ? AlertVerdict.Breached : AlertVerdict.Clear,
        value, rule.Threshold, samples);

    private static decimal QuantileSeconds(List<(int Bucket, long Runs)> buckets, long runs, decimal quantile)
    {
        // The rank of the quantile among the runs, counted from 1 (nearest-rank definition).
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * runs));
        long seen = 0;
        foreach (var (bucket, count) in buckets)
        {
            seen += count;
            if (seen >= rank)
            {
                return DurationBuckets.UpperBoundSeconds(bucket);
            }
        }

        return DurationBuckets.UpperBoundSeconds(buckets[^1].Bucket);
    }

    private static string Percent(decimal fraction) =>
        (fraction * 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

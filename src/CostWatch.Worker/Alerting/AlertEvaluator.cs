using System.Data.Common;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Silences;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Rollups;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Alerting;

/// <summary>
/// One evaluation round of every rule: each rule's samples are read and judged outside any lock (a failing rule is
/// marked unhealthy and its alerts keep their state), then the store runs the round under the evaluation lock,
/// moving alert state and writing the outbox events in one transaction.
/// </summary>
internal sealed class AlertEvaluator(
    IAlertRulesSource rules,
    IAlertStore store,
    ISilenceStore silences,
    IPriceCatalogSource prices,
    IOptions<AlertEngineOptions> options,
    IOptions<RollupOptions> rollups,
    IOptions<CostsOptions> costs,
    AlertMetrics metrics,
    TimeProvider time,
    ILogger<AlertEvaluator> logger) : IHostedService
{
    /// <summary>Rule reads at once: enough to overlap the slow ones, few enough not to crowd out ingest.</summary>
    private static readonly int ReadParallelism = Math.Clamp(Environment.ProcessorCount, 2, 4);

    private static readonly HashSet<string> BudgetBuiltInDimensions =
        new(["agent", "model", "provider", "service", "user"], StringComparer.Ordinal);

    private readonly HashSet<string> _expectedAgents = new(options.Value.ExpectedAgents, StringComparer.Ordinal);
    private DateTime _startedAt = time.GetUtcNow().UtcDateTime;
    private DateTime? _lastRound;

    /// <summary>Silence judgement starts from here: CostWatch could not have heard anything before it started.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = time.GetUtcNow().UtcDateTime;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs a round when the rules' evaluation interval has passed since this replica's last one.</summary>
    public async Task<bool> EvaluateIfDueAsync(CancellationToken cancellationToken)
    {
        var interval = rules.Current.EvaluationInterval;
        if (_lastRound is { } last && time.GetUtcNow().UtcDateTime - last < interval)
        {
            return false;
        }

        return await EvaluateAsync(cancellationToken);
    }

    /// <summary>Runs one round now; false when the round failed or another replica ran one moments ago.</summary>
    public async Task<bool> EvaluateAsync(CancellationToken cancellationToken)
    {
        var ruleSet = rules.Current;
        var now = time.GetUtcNow().UtcDateTime;
        var judged = new List<(AlertRule Rule, IReadOnlyList<GroupObservation> Observations, TimeSpan Took)>();
        var failed = new List<(AlertRule Rule, Exception Error, TimeSpan Took)>();
        var retiring = new List<string>();
        // The rules' reads run side by side, each on its own connection (SQLite's WAL readers do not block one
        // another): a round then takes about as long as its slowest rule, not the sum of all.
        var outcomes = new (IReadOnlyList<GroupObservation>? Observations, Exception? Error, TimeSpan Took, List<string> Retiring)[ruleSet.Rules.Count];
        await Parallel.ForAsync(0, ruleSet.Rules.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var started = time.GetTimestamp();
                var retiringHere = new List<string>();
                try
                {
                    var observations = await ObserveAsync(ruleSet.Rules[i], now, retiringHere, token);
                    outcomes[i] = (observations, null, time.GetElapsedTime(started), retiringHere);
                }
                catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
                {
                    outcomes[i] = (null, e, time.GetElapsedTime(started), retiringHere);
                }
            });
        for (var i = 0; i < outcomes.Length; i++)
        {
            var (observations, error, took, retiringHere) = outcomes[i];
            if (observations is not null)
            {
                judged.Add((ruleSet.Rules[i], observations, took));
                retiring.AddRange(retiringHere);
            }
            else
            {
                failed.Add((ruleSet.Rules[i], error!, took));
            }
        }

        AlertRound? committed = null;
        bool ran;
        try
        {
            var active = await silences.ListActiveAsync(now, cancellationToken);
            ran = await store.RunAlertRoundAsync(now, ruleSet.EvaluationInterval / 2, state =>
            {
                var round = new AlertRound(now, state.OpenInstances);
                var changes = Decide(round, ruleSet, state, judged, failed, retiring, active, now);
                committed = round;
                return changes;
            }, cancellationToken);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            Log.AlertRoundFailed(logger, e);
            foreach (var rule in ruleSet.Rules)
            {
                metrics.EvaluationFailed(rule.Name);
            }

            return false;
        }

        _lastRound = now;
        if (!ran)
        {
            Log.AlertRoundSkipped(logger);
            return false;
        }

        foreach (var (rule, took) in judged.Select(j => (j.Rule, j.Took)).Concat(failed.Select(f => (f.Rule, f.Took))))
        {
            metrics.EvaluationTook(rule.Name, took);
        }

        foreach (var (rule, _, _) in failed)
        {
            metrics.EvaluationFailed(rule.Name);
        }

        metrics.Publish(ruleSet.Rules.Select(r => (r.Name, r.Severity)).Append((BuiltInAlertRules.EvaluationFailing.Name,
            BuiltInAlertRules.EvaluationFailing.Severity)), committed!.Instances);
        return true;
    }

    private AlertRoundChanges Decide(AlertRound round, AlertRuleSet ruleSet, AlertRoundState state,
        List<(AlertRule Rule, IReadOnlyList<GroupObservation> Observations, TimeSpan Took)> judged,
        List<(AlertRule Rule, Exception Error, TimeSpan Took)> failed, List<string> retiring, IReadOnlyList<Silence> active,
        DateTime now)
    {
        var health = new List<RuleHealth>();
        foreach (var (rule, observations, took) in judged)
        {
            var previous = state.Health.GetValueOrDefault(rule.Name);
            round.Apply(rule, observations, Downtime(previous, ruleSet.EvaluationInterval, now));
            health.Add(new RuleHealth(rule.Name, RuleHealth.Ok, now, took, null, 0));
        }

        var failing = new List<GroupObservation>();
        foreach (var (rule, error, took) in failed)
        {
            var previous = state.Health.GetValueOrDefault(rule.Name);
            var failures = (previous?.ConsecutiveFailures ?? 0) + 1;
            Log.RuleEvaluationFailed(logger, rule.Name, failures, error);
            // The last successful evaluation stays: the time spent failing does not count toward `for`.
            health.Add(new RuleHealth(rule.Name, RuleHealth.Bad, previous?.LastEvaluation, took, error.Message, failures));
            if (failures >= BuiltInAlertRules.FailuresBeforeAlert)
            {
                failing.Add(new GroupObservation([new("rule", rule.Name)], AlertVerdict.Breached, failures, BuiltInAlertRules.FailuresBeforeAlert, failures));
            }
        }

        round.Apply(BuiltInAlertRules.EvaluationFailing, failing, TimeSpan.Zero);
        round.RetireRulesOtherThan(new HashSet<string>(ruleSet.Rules.Select(r => r.Name).Concat(BuiltInAlertRules.Names), StringComparer.Ordinal));
        // Silence ids as the API shows them (lower-case "D" form).
        round.Mute(labels => active.Where(s => s.Matches(labels)).Select(s => s.Id.ToString("D")).ToList(), ruleSet.InhibitRules);
        var events = round.TakeEvents();
        foreach (var alertEvent in events)
        {
            Log.AlertStateChanged(logger, alertEvent.Rule, alertEvent.Fingerprint, alertEvent.Status);
        }

        foreach (var agent in retiring)
        {
            Log.AgentRetired(logger, agent);
        }

        return new AlertRoundChanges(round.Instances.Where(i => i.Changed).ToList(), events, health, retiring);
    }

    /// <summary>How long the rule went unevaluated beyond one interval: not counted toward <c>for</c>.</summary>
    private static TimeSpan Downtime(RuleHealth? previous, TimeSpan interval, DateTime now) =>
        previous?.LastEvaluation is { } last && now - last > interval * 2 ? now - last - interval : TimeSpan.Zero;

    private async Task<IReadOnlyList<GroupObservation>> ObserveAsync(AlertRule rule, DateTime now, List<string> retiring,
        CancellationToken cancellationToken)
    {
        var since = now - (rule.Window ?? TimeSpan.Zero);
        // Checked here rather than only at start-up: a reloaded rules file is judged the same way, and the rule
        // turns unhealthy with the reason instead of silently reading a window the samples no longer cover.
        if (rule.Window > rollups.Value.MinuteRetention)
        {
            throw new InvalidOperationException(
                $"Alert rule {rule.Name}: window {rule.Window} is longer than {RollupOptions.Section}:MinuteRetention ({rollups.Value.MinuteRetention}), which keeps the samples it reads.");
        }

        switch (rule.Kind)
        {
            case AlertRuleKind.LoopIterations:
                return RuleObservations.LoopIterations(rule,
                    await store.ReadRunIterationsAsync(since, rule.MaxIterations ?? 0, cancellationToken));
            case AlertRuleKind.ToolSuccessRate:
                return RuleObservations.ToolSuccessRate(rule, await store.ReadToolCallsAsync(since, cancellationToken));
            case AlertRuleKind.ContextWindow:
                var catalog = prices.Current;
                return RuleObservations.ContextWindow(rule, await store.ReadLlmCallsAsync(since, cancellationToken),
                    (provider, model) => catalog.Match(provider.Length == 0 ? null : provider, model, null, now)?.ContextWindow);
            case AlertRuleKind.UnpricedModel:
                return RuleObservations.UnpricedModel(rule, await store.ReadLlmCallsAsync(since, cancellationToken));
            case AlertRuleKind.RunDurationQuantile:
                return RuleObservations.RunDurationQuantile(rule, await store.ReadRunDurationsAsync(since, cancellationToken));
            case AlertRuleKind.TraceLoss:
                var agents = await store.ReadAgentsAsync(cancellationToken);
                retiring.AddRange(RuleObservations.Retiring(rule, agents, _expectedAgents, _startedAt, now));
                return RuleObservations.TraceLoss(rule, agents, _expectedAgents, _startedAt, now);
            case AlertRuleKind.PipelineSilence:
                return RuleObservations.PipelineSilence(rule, await store.ReadAgentsAsync(cancellationToken), _startedAt, now);
            case AlertRuleKind.Budget:
                var unknown = rule.GroupBy.Where(d => !BudgetBuiltInDimensions.Contains(d) && !costs.Value.Dimensions.ContainsKey(d)).ToList();
                if (unknown.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"Alert rule {rule.Name}: groupBy {string.Join(", ", unknown)} is neither agent, model, provider, service, user nor a cost dimension of {CostsOptions.Section}:Dimensions.");
                }

                var (start, end) = BudgetPeriods.Current(rule.Period ?? BudgetPeriod.Month, rule.TimeZone, now);
                var recentSince = new[] { start, now - (rule.Window ?? TimeSpan.FromHours(1)) }.Max();
                var spend = await store.ReadSpendAsync(rule.GroupBy, start, recentSince, cancellationToken);
                return RuleObservations.Budget(rule, spend, now - recentSince, end - now);
            default:
                throw new InvalidOperationException($"Alert rule {rule.Name} has kind {rule.Kind}, which the engine cannot evaluate.");
        }
    }
}

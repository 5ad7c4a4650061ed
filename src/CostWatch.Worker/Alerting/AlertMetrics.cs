using System.Diagnostics.Metrics;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Alerting;

/// <summary>
/// The alert engine's series: <c>costwatch_alerts</c> {rule, severity, state} (open instances after the last round),
/// <c>costwatch_rule_evaluation_duration_seconds</c> {rule} and <c>costwatch_rule_evaluation_failures_total</c> {rule}.
/// </summary>
internal sealed class AlertMetrics
{
    private static readonly string[] States = ["pending", "firing"];

    private readonly Histogram<double> _evaluationDuration;
    private readonly Counter<long> _evaluationFailures;
    private volatile IReadOnlyList<Measurement<long>> _alerts = [];

    public AlertMetrics(CostWatchMetrics metrics)
    {
        _evaluationDuration = metrics.Meter.CreateHistogram("costwatch.rule.evaluation.duration", "s",
            "Time one rule's evaluation took (its sample query and judgement).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] });
        _evaluationFailures = metrics.Meter.CreateCounter<long>("costwatch.rule.evaluation.failures", "{evaluation}",
            "Failed rule evaluations (store down, timeout): the rule's alerts keep their state.");
        metrics.Meter.CreateObservableGauge("costwatch.alerts", () => _alerts, "{alert}",
            "Alert instances pending or firing after the last evaluation round, by rule, severity and state.");
    }

    public void EvaluationTook(string rule, TimeSpan duration) =>
        _evaluationDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("rule", rule));

    public void EvaluationFailed(string rule) => _evaluationFailures.Add(1, new KeyValuePair<string, object?>("rule", rule));

    /// <summary>
    /// Publishes the open instances of a committed round, with a 0 for every rule and state that has none, so that a
    /// resolved alert's series drops to 0 instead of vanishing, and <c>failures_total</c> starts at 0 for every rule.
    /// </summary>
    public void Publish(IEnumerable<(string Rule, string Severity)> rules, IEnumerable<AlertInstance> instances)
    {
        var counts = new Dictionary<(string Rule, string Severity, string State), long>();
        foreach (var (rule, severity) in rules)
        {
            foreach (var state in States)
            {
                counts[(rule, severity, state)] = 0;
            }

            _evaluationFailures.Add(0, new KeyValuePair<string, object?>("rule", rule));
        }

        foreach (var instance in instances.Where(i => !i.Deleted && i.State != AlertState.Resolved))
        {
            var key = (instance.Rule, instance.Severity, instance.State == AlertState.Firing ? "firing" : "pending");
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        _alerts = counts.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("rule", c.Key.Rule),
            new KeyValuePair<string, object?>("severity", c.Key.Severity),
            new KeyValuePair<string, object?>("state", c.Key.State))).ToList();
    }
}

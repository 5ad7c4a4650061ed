using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>Writes outbox events through the alert engine's own write path (an evaluation round that changes nothing else).</summary>
internal static class Outbox
{
    /// <remarks>
    /// A worker under test runs rounds of its own. One that ran a moment after <paramref name="now"/> would make a round
    /// at <paramref name="now"/> look too soon (a negative gap) and be skipped, so no gap is asked for; and on PostgreSQL a
    /// round of the worker's may hold the evaluation lock, so a round that did not run is tried again.
    /// </remarks>
    public static async Task WriteAsync(ITelemetryStore store, DateTime now, params AlertEvent[] events)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await ((IAlertStore)store).RunAlertRoundAsync(now, TimeSpan.MinValue, _ => new AlertRoundChanges([], events, [], []), default))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("Gave up writing the outbox events: the alert evaluation lock stayed taken");
            }

            await Task.Delay(50);
        }
    }

    public static AlertEvent Firing(string rule, string agent, DateTime at, decimal? value = 412.5m, decimal? threshold = 300m,
        string severity = "critical") =>
        new(at, Labels(rule, agent, severity).Fingerprint, rule, severity, AlertEvent.Firing, Labels(rule, agent, severity),
            new Dictionary<string, string> { ["summary"] = $"{agent} is silent" }, value, threshold, at, null, null);

    public static AlertEvent Resolved(AlertEvent firing, DateTime at) =>
        firing with { CreatedAt = at, Status = AlertEvent.Resolved, EndsAt = at, Reason = AlertReasons.ConditionCleared };

    public static AlertLabels Labels(string rule, string agent, string severity = "critical") =>
        AlertLabels.For(rule, severity, [new("agent", agent)]);
}

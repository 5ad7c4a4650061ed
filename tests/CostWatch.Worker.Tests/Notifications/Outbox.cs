using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport.Alerting;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>Writes outbox events through the alert engine's own write path (an evaluation round that changes nothing else).</summary>
internal static class Outbox
{
    public static Task WriteAsync(ITelemetryStore store, DateTime now, params AlertEvent[] events) =>
        OutboxWriter.WriteAsync((IAlertStore)store, now, events);

    public static AlertEvent Firing(string rule, string agent, DateTime at, decimal? value = 412.5m, decimal? threshold = 300m,
        string severity = "critical") =>
        new(at, Labels(rule, agent, severity).Fingerprint, rule, severity, AlertEvent.Firing, Labels(rule, agent, severity),
            new Dictionary<string, string> { ["summary"] = $"{agent} is silent" }, value, threshold, at, null, null);

    public static AlertEvent Resolved(AlertEvent firing, DateTime at) =>
        firing with { CreatedAt = at, Status = AlertEvent.Resolved, EndsAt = at, Reason = AlertReasons.ConditionCleared };

    public static AlertLabels Labels(string rule, string agent, string severity = "critical") =>
        AlertLabels.For(rule, severity, [new("agent", agent)]);
}

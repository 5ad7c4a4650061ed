using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>The rules the end-to-end alert tests evaluate, every 10 s on their fake clock.</summary>
internal static class EndToEndAlertRules
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan For = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The shipped rules with windows, <c>for</c> and thresholds shortened for a test; the kinds, groupings and
    /// severities as in production. Sample windows are whole minutes of receipt, so a 1 m window reaches back to the
    /// start of the previous minute.
    /// </summary>
    public static readonly AlertRuleSet Set = new(Interval,
    [
        new AlertRule
        {
            Name = "HighAgentLoopIterations", Kind = AlertRuleKind.LoopIterations, Severity = "warning", GroupBy = ["agent"],
            Window = TimeSpan.FromMinutes(2), For = For, KeepFiringFor = For, MinSamples = 5, MaxIterations = 8, Threshold = 0.2m,
            Annotations = Summary("{{ $labels.agent }}: {{ $value | percent }} of runs needed more than 8 iterations"),
        },
        new AlertRule
        {
            Name = "ToolCallFailureSpike", Kind = AlertRuleKind.ToolSuccessRate, Severity = "critical", GroupBy = ["agent", "tool"],
            Window = TimeSpan.FromMinutes(2), For = For, MinSamples = 5, Threshold = 0.9m,
        },
        new AlertRule
        {
            Name = "TokenBudgetExceeded", Kind = AlertRuleKind.ContextWindow, Severity = "warning", GroupBy = ["agent", "model"],
            Window = TimeSpan.FromMinutes(1), Threshold = 0.9m,
        },
        new AlertRule
        {
            Name = "AgentRunLatencyP99", Kind = AlertRuleKind.RunDurationQuantile, Severity = "critical", GroupBy = ["agent"],
            Window = TimeSpan.FromMinutes(1), For = For, MinSamples = 5, Quantile = 0.99m, Threshold = 30m,
        },
        new AlertRule
        {
            Name = "TraceLoss", Kind = AlertRuleKind.TraceLoss, Severity = "critical", GroupBy = ["agent"],
            Threshold = 60m, RetireAfter = TimeSpan.FromHours(1),
        },
    ], [], "end-to-end test rules");

    public static AlertRule Rule(string name) => Set.Rules.Single(r => r.Name == name);

    private static Dictionary<string, AlertTemplate> Summary(string text) => new() { ["summary"] = AlertTemplate.Parse(text) };
}

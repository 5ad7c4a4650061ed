using CostWatch.Core.Alerting.Rules;
using CostWatch.Worker.Alerting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CostWatch.Worker.Tests.Simulator;

/// <summary>
/// The five production rules with the thresholds of issue 4's rules file (more than 8 iterations in over 1% of runs,
/// tool success under 90%, a prompt over 90% of the context window, p99 run latency over 30 s), but windows of a
/// minute, `for` of seconds, small minimum samples, trace loss after 15 s (long enough that a
/// loaded machine's fleet still reports within it) and an evaluation at every tick of the
/// evaluation job: a test sees each fire within seconds. Handed to the engine the way its tests do, until the rules-file part lands.
/// </summary>
internal static class ShortWindowRules
{
    public const decimal TraceLossSeconds = 15;

    public static AlertRuleSet RuleSet { get; } = new(TimeSpan.FromSeconds(1),
    [
        new AlertRule
        {
            Name = "HighAgentLoopIterations", Kind = AlertRuleKind.LoopIterations, Severity = "warning", GroupBy = ["agent"],
            Window = TimeSpan.FromMinutes(1), For = TimeSpan.FromSeconds(2), MinSamples = 10, MaxIterations = 8, Threshold = 0.01m,
        },
        new AlertRule
        {
            Name = "ToolCallFailureSpike", Kind = AlertRuleKind.ToolSuccessRate, Severity = "critical", GroupBy = ["agent", "tool"],
            Window = TimeSpan.FromMinutes(1), For = TimeSpan.FromSeconds(2), MinSamples = 10, Threshold = 0.90m,
        },
        new AlertRule
        {
            Name = "TokenBudgetExceeded", Kind = AlertRuleKind.ContextWindow, Severity = "warning", GroupBy = ["agent", "model"],
            Window = TimeSpan.FromMinutes(1), Threshold = 0.90m,
        },
        new AlertRule
        {
            Name = "AgentRunLatencyP99", Kind = AlertRuleKind.RunDurationQuantile, Severity = "critical", GroupBy = ["agent"],
            Window = TimeSpan.FromMinutes(1), For = TimeSpan.FromSeconds(2), MinSamples = 10, Quantile = 0.99m, Threshold = 30,
        },
        new AlertRule
        {
            Name = "TraceLoss", Kind = AlertRuleKind.TraceLoss, Severity = "critical", GroupBy = ["agent"],
            Threshold = TraceLossSeconds, RetireAfter = TimeSpan.FromHours(1),
        },
    ], [], "short-window test rules");

    /// <summary>For <c>WorkerHost.StartAsync(configure: ...)</c>: the engine evaluates these rules.</summary>
    public static void Use(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IAlertRulesSource>(new StaticAlertRulesSource(RuleSet));
}

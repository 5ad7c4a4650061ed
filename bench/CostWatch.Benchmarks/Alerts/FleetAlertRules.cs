using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// What the benchmark evaluates: the five production rules with the thresholds, plus a daily budget per
/// agent, the unpriced-model rule and pipeline silence, as a rules file would give them.
/// </summary>
internal static class FleetAlertRules
{
    public const int MaxIterations = 8;
    public const decimal LoopThreshold = 0.01m;
    public const long LoopMinSamples = 50;
    public const decimal ToolThreshold = 0.90m;
    public const long ToolMinSamples = 20;
    public const decimal ContextThreshold = 0.90m;
    public const decimal LatencyQuantile = 0.99m;
    public const decimal LatencyThresholdSeconds = 30m;
    public const long LatencyMinSamples = 20;
    public const decimal BudgetLimitUsd = 100m;

    public static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ShortWindow = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan SilenceThreshold = TimeSpan.FromMinutes(5);
    public static readonly decimal[] BudgetLevels = [0.8m, 1.0m];

    public static readonly AlertRuleSet Set = new(TimeSpan.FromSeconds(30),
    [
        new AlertRule
        {
            Name = "HighAgentLoopIterations", Kind = AlertRuleKind.LoopIterations, Severity = "warning", GroupBy = ["agent"],
            Window = LongWindow, For = TimeSpan.FromMinutes(5), KeepFiringFor = TimeSpan.FromMinutes(5),
            MinSamples = LoopMinSamples, MaxIterations = MaxIterations, Threshold = LoopThreshold,
        },
        new AlertRule
        {
            Name = "ToolCallFailureSpike", Kind = AlertRuleKind.ToolSuccessRate, Severity = "critical", GroupBy = ["agent", "tool"],
            Window = ShortWindow, For = TimeSpan.FromMinutes(2), MinSamples = ToolMinSamples, Threshold = ToolThreshold,
        },
        new AlertRule
        {
            Name = "TokenBudgetExceeded", Kind = AlertRuleKind.ContextWindow, Severity = "warning", GroupBy = ["agent", "model"],
            Window = ShortWindow, Threshold = ContextThreshold,
        },
        new AlertRule
        {
            Name = "AgentRunLatencyP99", Kind = AlertRuleKind.RunDurationQuantile, Severity = "critical", GroupBy = ["agent"],
            Window = LongWindow, For = TimeSpan.FromMinutes(5), MinSamples = LatencyMinSamples, Quantile = LatencyQuantile,
            Threshold = LatencyThresholdSeconds,
        },
        new AlertRule
        {
            Name = "TraceLoss", Kind = AlertRuleKind.TraceLoss, Severity = "critical", GroupBy = ["agent"],
            Threshold = (decimal)SilenceThreshold.TotalSeconds, RetireAfter = TimeSpan.FromHours(24),
        },
        new AlertRule
        {
            Name = "AgentDailyBudget", Kind = AlertRuleKind.Budget, Severity = "warning", GroupBy = ["agent"],
            Period = BudgetPeriod.Day, LimitUsd = BudgetLimitUsd, WarnAt = BudgetLevels, Window = TimeSpan.FromHours(1),
        },
        new AlertRule
        {
            Name = "UnpricedModel", Kind = AlertRuleKind.UnpricedModel, Severity = "warning", GroupBy = ["model"],
            Window = LongWindow, Threshold = 0m,
        },
        new AlertRule
        {
            Name = "PipelineSilence", Kind = AlertRuleKind.PipelineSilence, Severity = "critical",
            Threshold = (decimal)SilenceThreshold.TotalSeconds,
        },
    ], [], "benchmark rules");
}

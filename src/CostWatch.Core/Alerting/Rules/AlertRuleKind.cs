namespace CostWatch.Core.Alerting.Rules;

public enum AlertRuleKind
{
    LoopIterations,
    ToolSuccessRate,
    ContextWindow,
    RunDurationQuantile,
    TraceLoss,
    Budget,
    UnpricedModel,
    PipelineSilence,
}

namespace CostWatch.Core.Alerting.Rules;

/// <summary>What a rule measures; the rules file spells each in snake case (<see cref="AlertRuleKinds.FileName"/>).</summary>
public enum AlertRuleKind
{
    /// <summary><c>loop_iterations</c>: the fraction of agent runs with more than <c>maxIterations</c> iterations.</summary>
    LoopIterations,

    /// <summary><c>tool_success_rate</c>: the share of tool calls that succeeded, firing below the threshold.</summary>
    ToolSuccessRate,

    /// <summary><c>context_window</c>: calls whose input exceeds threshold x the model's context window.</summary>
    ContextWindow,

    /// <summary><c>run_duration_quantile</c>: a quantile of agent run durations.</summary>
    RunDurationQuantile,

    /// <summary><c>trace_loss</c>: a known agent silent for longer than the threshold.</summary>
    TraceLoss,

    /// <summary><c>budget</c>: spend in a calendar period against a limit, optionally forecast.</summary>
    Budget,

    /// <summary><c>unpriced_model</c>: calls to models the price catalog cannot price.</summary>
    UnpricedModel,

    /// <summary><c>pipeline_silence</c>: no telemetry from any agent for longer than the threshold.</summary>
    PipelineSilence,
}

namespace CostWatch.Simulator;

/// <summary>
/// What the fleet does (<c>--scenario</c>): healthy traffic, or healthy traffic plus one misbehaviour that
/// provokes one of CostWatch's five production rules.
/// </summary>
internal enum Scenario
{
    /// <summary>Healthy traffic: no rule fires.</summary>
    Steady,

    /// <summary>A share of researcher runs loop for 10 to 14 iterations: HighAgentLoopIterations.</summary>
    Loops,

    /// <summary>The researcher's web_search tool fails a third of the time: ToolCallFailureSpike.</summary>
    ToolFailures,

    /// <summary>A share of the writer's calls fill more than 90% of gpt-4o-mini's context window: TokenBudgetExceeded.</summary>
    ContextPressure,

    /// <summary>The writer's model answers slowly, its runs take 35 s and more: AgentRunLatencyP99.</summary>
    SlowRuns,

    /// <summary>The reviewer stops reporting after a while: TraceLoss.</summary>
    SilentAgent,
}

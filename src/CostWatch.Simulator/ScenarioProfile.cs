namespace CostWatch.Simulator;

/// <summary>
/// The knobs a scenario turns. Steady traffic stays clear of every rule of <c>alert-rules/costwatch-rules.yaml</c>
/// (at most 4 iterations, 2% tool failures, context under 20%, runs under 20 s); each other scenario pushes one
/// knob past its rule's threshold and leaves the rest as they are.
/// </summary>
internal sealed record ScenarioProfile
{
    /// <summary>Share of researcher runs that loop (10 to 14 iterations; HighAgentLoopIterations judges more than 8).</summary>
    public double LoopingResearchers { get; init; }

    /// <summary>Failure rate of the researcher's web_search tool (ToolCallFailureSpike fires below 90% success).</summary>
    public double WebSearchFailures { get; init; } = 0.02;

    /// <summary>Share of the writer's calls that fill 92-98% of gpt-4o-mini's context window (TokenBudgetExceeded: above 90%).</summary>
    public double ContextPressure { get; init; }

    /// <summary>Whether the writer's model answers in 11-16 s a call, so writer runs last 35 s and more (p99 rule: 30 s).</summary>
    public bool SlowWriter { get; init; }

    /// <summary>The agent that goes silent (TraceLoss), or null.</summary>
    public string? SilentAgent { get; init; }

    public static ScenarioProfile For(Scenario scenario) => scenario switch
    {
        Scenario.Steady => new ScenarioProfile(),
        Scenario.Loops => new ScenarioProfile { LoopingResearchers = 0.3 },
        Scenario.ToolFailures => new ScenarioProfile { WebSearchFailures = 0.35 },
        Scenario.ContextPressure => new ScenarioProfile { ContextPressure = 0.3 },
        Scenario.SlowRuns => new ScenarioProfile { SlowWriter = true },
        Scenario.SilentAgent => new ScenarioProfile { SilentAgent = FleetAgents.Reviewer },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
    };
}

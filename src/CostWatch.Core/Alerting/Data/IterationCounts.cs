namespace CostWatch.Core.Alerting.Data;

/// <summary>An agent's runs in a rule's window, and those with more iterations than the rule allows.</summary>
public sealed record IterationCounts(string Agent, long Runs, long RunsOver);

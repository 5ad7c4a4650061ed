namespace CostWatch.Core.Alerting.Data;

/// <summary>One agent's calls of one tool in a rule's window.</summary>
public sealed record ToolCounts(string Agent, string Tool, long Calls, long FailedCalls);

namespace CostWatch.Storage;

public sealed record StoreCounts(long LlmCalls, long AgentRuns, long ToolCalls, long Links);

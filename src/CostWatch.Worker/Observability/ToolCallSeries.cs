namespace CostWatch.Worker.Observability;

/// <summary>What the metrics read of a tool call to choose its series, before label values are capped.</summary>
internal readonly record struct ToolCallSeries(string? AgentName, string ToolName, bool Success);

namespace CostWatch.Worker.Observability;

/// <summary>What the metrics read of an agent run to choose its series, before label values are capped.</summary>
internal readonly record struct AgentRunSeries(string? AgentName, bool Failed);

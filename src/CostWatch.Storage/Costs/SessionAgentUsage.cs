using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>The LLM usage of one agent within a session.</summary>
public sealed record SessionAgentUsage(string Agent, CostFigures Figures, long FirstSeen, long LastSeen);

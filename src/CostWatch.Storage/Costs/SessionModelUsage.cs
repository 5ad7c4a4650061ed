using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>The LLM usage of one model (of one provider) within a session.</summary>
public sealed record SessionModelUsage(string Model, string Provider, CostFigures Figures);

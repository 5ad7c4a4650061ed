using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>
/// One session over all the days the rollups keep: its LLM usage in total, per agent and per model, and its agent
/// runs per agent. First and last seen span calls and runs (Unix microseconds).
/// </summary>
public sealed record SessionDetail(
    string Session,
    CostFigures Figures,
    IReadOnlyList<SessionAgentUsage> Agents,
    IReadOnlyList<SessionModelUsage> Models,
    IReadOnlyList<SessionRuns> Runs,
    long FirstSeen,
    long LastSeen);

using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>
/// A session's LLM usage in a range: the agents that made calls in it (ordinal order), its sums, and its first
/// call's start and last call's end (Unix microseconds).
/// </summary>
public sealed record SessionSummary(
    string Session,
    IReadOnlyList<string> Agents,
    CostFigures Figures,
    long FirstSeen,
    long LastSeen);

namespace CostWatch.Core.Records;

/// <summary>
/// The outcome of walking a call's ancestors. <see cref="IsComplete"/> is false while the chain is broken by a
/// span that has not arrived yet; the other fields then hold what was found so far.
/// </summary>
public sealed record AttributionResult(
    bool IsComplete,
    AttributionState State,
    string? AgentName,
    string? AgentId,
    string? SessionId,
    string? UserId,
    ulong? RunSpanId);

namespace CostWatch.Core.Attribution;

/// <summary>A call's parent and the identity fields it carried itself, before attribution.</summary>
public readonly record struct AttributionInput(
    ulong ParentSpanId, string? AgentName, string? AgentId, string? SessionId, string? UserId);

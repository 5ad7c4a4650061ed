namespace CostWatch.Core.Attribution;

/// <summary>What an agent run passes down to the calls beneath it.</summary>
public sealed record RunIdentity(string? AgentName, string? AgentId, string? SessionId, string? UserId);

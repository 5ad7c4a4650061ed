namespace CostWatch.Core.Alerting.Data;

/// <summary>An agent of the registry: when CostWatch first and last received its telemetry, and whether trace loss retired it.</summary>
public sealed record KnownAgent(string Agent, DateTime FirstSeen, DateTime LastSeen, DateTime? RetiredAt)
{
    /// <summary>Retired, and silent since: an agent that reports again is expected again.</summary>
    public bool IsRetired => RetiredAt is { } retired && LastSeen <= retired;
}

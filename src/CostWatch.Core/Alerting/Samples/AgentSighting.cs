namespace CostWatch.Core.Alerting.Samples;

/// <summary>When CostWatch first and last received a record of an agent, in Unix microseconds.</summary>
public sealed class AgentSighting
{
    public long FirstSeen { get; set; } = long.MaxValue;

    public long LastSeen { get; set; } = long.MinValue;
}

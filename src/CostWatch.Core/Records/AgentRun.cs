namespace CostWatch.Core.Records;

/// <summary>One agent run: an <c>invoke_agent</c> span or an <c>agent.run</c>-style root span.</summary>
public sealed class AgentRun : TelemetryRecord
{
    public string? AgentName { get; init; }

    public string? AgentId { get; init; }

    public string? SessionId { get; init; }

    public string? UserId { get; init; }

    /// <summary><c>agent.iterations</c> when the agent reported it; otherwise count the LLM calls inside the run.</summary>
    public int? ReportedIterations { get; init; }
}

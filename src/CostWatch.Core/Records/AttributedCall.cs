namespace CostWatch.Core.Records;

/// <summary>
/// An LLM or tool call: besides its own attributes it may take agent, session and user from its nearest
/// ancestor agent run, which often arrives later than the call itself.
/// </summary>
public abstract class AttributedCall : TelemetryRecord
{
    public const string UnattributedAgent = "__unattributed__";

    public string? AgentName { get; set; }

    public string? AgentId { get; set; }

    public string? SessionId { get; set; }

    public string? UserId { get; set; }

    /// <summary>The span id of the nearest ancestor agent run, once known.</summary>
    public ulong? RunSpanId { get; set; }

    public AttributionState Attribution { get; set; }

    public void Apply(AttributionResult result)
    {
        AgentName = result.AgentName;
        AgentId = result.AgentId;
        SessionId = result.SessionId;
        UserId = result.UserId;
        RunSpanId = result.RunSpanId;
        Attribution = result.State;
    }
}

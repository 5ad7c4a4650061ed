namespace CostWatch.Core.Telemetry;

/// <summary>The span names that carry meaning in the older hand-rolled agent conventions.</summary>
public enum SpanNameKind : byte
{
    Other,

    /// <summary><c>agent.run</c>: the root span of an agent run.</summary>
    AgentRun,

    /// <summary><c>agent.tool_call</c>: one tool call.</summary>
    AgentToolCall,
}

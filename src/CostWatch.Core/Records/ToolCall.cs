namespace CostWatch.Core.Records;

/// <summary>One tool call: <c>execute_tool</c>, <c>agent.tool_call</c> or an OpenInference TOOL span.</summary>
public sealed class ToolCall : AttributedCall
{
    public required string ToolName { get; init; }

    public string? CallId { get; init; }

    public required bool Success { get; init; }
}

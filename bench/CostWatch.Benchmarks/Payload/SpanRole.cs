namespace CostWatch.Benchmarks.Payload;

internal enum SpanRole
{
    AgentRun,
    LlmCall,
    ToolCall,
}

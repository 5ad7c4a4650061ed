namespace CostWatch.Core.Ingest;

internal enum RecordKind
{
    Other,
    LlmCall,
    AgentRun,
    ToolCall,
}

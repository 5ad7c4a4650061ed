namespace CostWatch.Benchmarks.Payload;

/// <summary>What one template export holds, so the report can show the payload is the realistic mix it claims.</summary>
internal sealed record BatchComposition(int AgentRuns, int LlmCalls, int ToolCalls, int TracesContinuedInNextExport);

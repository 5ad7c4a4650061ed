using CostWatch.Core.Ingest;
using CostWatch.Core.Records;

namespace CostWatch.Storage.Tests;

/// <summary>Builds records the way the normaliser would, with every field set to something checkable.</summary>
internal static class Records
{
    public static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    public static LlmCall Llm(Guid trace, ulong span, ulong parent = 0, DateTime? start = null,
        AttributionState attribution = AttributionState.Pending, string? agent = null, DateTime? receivedAt = null) => new()
        {
            TraceId = trace,
            SpanId = span,
            ParentSpanId = parent,
            StartTime = start ?? Now.AddSeconds(-30).AddTicks(1230),
            EndTime = (start ?? Now.AddSeconds(-30)).AddSeconds(2).AddTicks(40),
            ReceivedAt = receivedAt ?? Now,
            Status = SpanStatus.Error,
            ErrorType = "rate_limited",
            ServiceName = "support-bot",
            Environment = "prod",
            Operation = "chat",
            Provider = "anthropic",
            RequestModel = "claude-sonnet-4-5",
            ResponseModel = "claude-sonnet-4-5-20250929",
            InputTokens = 1_000_001,
            CacheReadTokens = 800_000,
            CacheWriteTokens = 100_000,
            OutputTokens = 4_321,
            ReasoningTokens = 1_234,
            Convention = TokenConvention.InputIncludesCache,
            ReportedCostUsd = 12.345678901234567890m,
            AgentName = agent,
            SessionId = null,
            UserId = "u-1",
            Attribution = attribution,
        };

    public static AgentRun Run(Guid trace, ulong span, ulong parent = 0, string agent = "researcher",
        string? session = "session-1", int? iterations = null, DateTime? start = null) => new()
        {
            TraceId = trace,
            SpanId = span,
            ParentSpanId = parent,
            StartTime = start ?? Now.AddMinutes(-1),
            EndTime = Now.AddSeconds(-1),
            ReceivedAt = Now,
            Status = SpanStatus.Ok,
            ServiceName = "support-bot",
            AgentName = agent,
            AgentId = "agent-7",
            SessionId = session,
            ReportedIterations = iterations,
        };

    public static ToolCall Tool(Guid trace, ulong span, ulong parent = 0, DateTime? start = null) => new()
    {
        TraceId = trace,
        SpanId = span,
        ParentSpanId = parent,
        StartTime = start ?? Now.AddSeconds(-20),
        EndTime = Now.AddSeconds(-19),
        ReceivedAt = Now,
        ToolName = "web_search",
        CallId = "call-1",
        Success = false,
        Status = SpanStatus.Error,
        ErrorType = "timeout",
        Attribution = AttributionState.Pending,
    };

    public static SpanLink Link(Guid trace, ulong span, ulong parent, DateTime? receivedAt = null) =>
        new(trace, span, parent, receivedAt ?? Now);

    public static NormalizedBatch Batch(params object[] records)
    {
        var batch = new NormalizedBatch();
        foreach (var record in records)
        {
            switch (record)
            {
                case LlmCall c: batch.LlmCalls.Add(c); break;
                case AgentRun r: batch.AgentRuns.Add(r); break;
                case ToolCall t: batch.ToolCalls.Add(t); break;
                case SpanLink l: batch.Links.Add(l); break;
                default: throw new ArgumentException($"not a record: {record}", nameof(records));
            }
        }

        return batch;
    }
}

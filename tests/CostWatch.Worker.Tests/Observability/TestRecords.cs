using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Worker.Tests.Observability;

/// <summary>Stored records as the rollup job hands them to its observers.</summary>
internal static class TestRecords
{
    public static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    private static ulong _nextSpan = 1;

    public static LlmCall Call(string? agent, string? requestModel, string? responseModel = null,
        string? provider = "openai", long input = 0, long cacheRead = 0, long cacheWrite = 0, long output = 0,
        long reasoning = 0, TokenConvention convention = TokenConvention.InputIncludesCache,
        CostSource source = CostSource.Unpriced, decimal? cost = null, double seconds = 1,
        SpanStatus status = SpanStatus.Ok, string? errorType = null, string operation = "chat",
        string? session = null, string? user = null) => new()
        {
            TraceId = Guid.NewGuid(),
            SpanId = Interlocked.Increment(ref _nextSpan),
            StartTime = Start,
            EndTime = Start.AddSeconds(seconds),
            ReceivedAt = Start.AddSeconds(seconds + 1),
            Operation = operation,
            Provider = provider,
            RequestModel = requestModel,
            ResponseModel = responseModel,
            InputTokens = input,
            CacheReadTokens = cacheRead,
            CacheWriteTokens = cacheWrite,
            OutputTokens = output,
            ReasoningTokens = reasoning,
            Convention = convention,
            CostSource = source,
            CostUsd = cost,
            Status = status,
            ErrorType = errorType,
            AgentName = agent,
            SessionId = session,
            UserId = user,
            Attribution = agent is null ? AttributionState.Unattributed : AttributionState.Inherited,
        };

    public static AgentRun Run(string? agent, double seconds, SpanStatus status = SpanStatus.Ok,
        string? session = null, string? user = null) => new()
        {
            TraceId = Guid.NewGuid(),
            SpanId = Interlocked.Increment(ref _nextSpan),
            StartTime = Start,
            EndTime = Start.AddSeconds(seconds),
            ReceivedAt = Start.AddSeconds(seconds + 1),
            Status = status,
            AgentName = agent,
            SessionId = session,
            UserId = user,
        };

    public static ToolCall Tool(string? agent, string tool, bool success, double seconds = 0.5) => new()
    {
        TraceId = Guid.NewGuid(),
        SpanId = Interlocked.Increment(ref _nextSpan),
        StartTime = Start,
        EndTime = Start.AddSeconds(seconds),
        ReceivedAt = Start.AddSeconds(seconds + 1),
        ToolName = tool,
        Success = success,
        AgentName = agent,
    };
}

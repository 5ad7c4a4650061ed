using System.Data.Common;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>
/// How a rollup pass reads its window: only the columns the rollups, the alert samples and the rollup observers
/// (the metrics) use. A loaded pass reads every record stored in the last interval, and reading the ids, the
/// environment, the agent id and the price entry of each as well cost the worker a third more per record for
/// nothing. The records a pass hands on therefore leave those unset (<see cref="Core.Rollups.IRollupWindow"/>).
/// </summary>
internal abstract partial class SqlTelemetryStore
{
    /// <summary>Ends with <c>trace_id, run_span_id</c>: the pass looks for calls whose run is outside its window.</summary>
    private const string RollupLlmColumns =
        "start_time, end_time, received_at, status, error_type, service_name, operation, provider, request_model, " +
        "response_model, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, " +
        "token_convention, agent_name, session_id, user_id, attribution, cost_usd, cost_source, dimensions, " +
        "trace_id, run_span_id";

    private const int RollupLlmTraceColumn = 23;

    private const int RollupLlmRunColumn = 24;

    private const string RollupToolColumns =
        "start_time, end_time, received_at, status, error_type, service_name, tool_name, success, agent_name, " +
        "session_id, user_id, attribution, dimensions";

    private LlmCall ReadRolledUpLlmCall(DbDataReader r) => new()
    {
        TraceId = default,
        SpanId = 0,
        StartTime = ReadTime(r, 0),
        EndTime = ReadTime(r, 1),
        ReceivedAt = ReadTime(r, 2),
        Status = (SpanStatus)r.GetInt16(3),
        ErrorType = Text(r, 4),
        ServiceName = Text(r, 5),
        Operation = r.GetString(6),
        Provider = Text(r, 7),
        RequestModel = Text(r, 8),
        ResponseModel = Text(r, 9),
        InputTokens = r.GetInt64(10),
        CacheReadTokens = r.GetInt64(11),
        CacheWriteTokens = r.GetInt64(12),
        OutputTokens = r.GetInt64(13),
        ReasoningTokens = r.GetInt64(14),
        Convention = (TokenConvention)r.GetInt16(15),
        AgentName = Text(r, 16),
        SessionId = Text(r, 17),
        UserId = Text(r, 18),
        Attribution = (AttributionState)r.GetInt16(19),
        CostUsd = ReadMoney(r, 20),
        CostSource = (CostSource)r.GetInt16(21),
        Dimensions = Text(r, 22),
    };

    private ToolCall ReadRolledUpToolCall(DbDataReader r) => new()
    {
        TraceId = default,
        SpanId = 0,
        StartTime = ReadTime(r, 0),
        EndTime = ReadTime(r, 1),
        ReceivedAt = ReadTime(r, 2),
        Status = (SpanStatus)r.GetInt16(3),
        ErrorType = Text(r, 4),
        ServiceName = Text(r, 5),
        ToolName = r.GetString(6),
        Success = r.GetBoolean(7),
        AgentName = Text(r, 8),
        SessionId = Text(r, 9),
        UserId = Text(r, 10),
        Attribution = (AttributionState)r.GetInt16(11),
        Dimensions = Text(r, 12),
    };
}

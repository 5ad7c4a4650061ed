using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>
/// The four record tables, column by column, as the schema scripts create them. <c>change_seq</c> is not
/// listed: it is the writing transaction's number, which each dialect fills in itself.
/// </summary>
internal static class RecordTables
{
    public static readonly TableShape<LlmCall> LlmCalls = new("llm_calls",
    [
        .. Common<LlmCall>(),
        new("operation", ColumnType.Text, r => r.Operation),
        new("provider", ColumnType.NullableText, r => r.Provider),
        new("request_model", ColumnType.NullableText, r => r.RequestModel),
        new("response_model", ColumnType.NullableText, r => r.ResponseModel),
        new("input_tokens", ColumnType.Long, r => r.InputTokens),
        new("cache_read_tokens", ColumnType.Long, r => r.CacheReadTokens),
        new("cache_write_tokens", ColumnType.Long, r => r.CacheWriteTokens),
        new("output_tokens", ColumnType.Long, r => r.OutputTokens),
        new("reasoning_tokens", ColumnType.Long, r => r.ReasoningTokens),
        new("token_convention", ColumnType.Short, r => (short)r.Convention),
        new("reported_cost_usd", ColumnType.Money, r => r.ReportedCostUsd),
        .. Attribution<LlmCall>(),
        new("cost_usd", ColumnType.Money, r => r.CostUsd),
        new("cost_source", ColumnType.Short, r => (short)r.CostSource),
        new("price_entry", ColumnType.NullableText, r => r.PriceEntry),
        new("price_source", ColumnType.NullableText, r => r.PriceSource),
        new("dimensions", ColumnType.NullableText, r => r.Dimensions),
    ]);

    public static readonly TableShape<AgentRun> AgentRuns = new("agent_runs",
    [
        .. Common<AgentRun>(),
        new("agent_name", ColumnType.NullableText, r => r.AgentName),
        new("agent_id", ColumnType.NullableText, r => r.AgentId),
        new("session_id", ColumnType.NullableText, r => r.SessionId),
        new("user_id", ColumnType.NullableText, r => r.UserId),
        new("reported_iterations", ColumnType.NullableInt, r => r.ReportedIterations),
        new("dimensions", ColumnType.NullableText, r => r.Dimensions),
    ]);

    public static readonly TableShape<ToolCall> ToolCalls = new("tool_calls",
    [
        .. Common<ToolCall>(),
        new("tool_name", ColumnType.Text, r => r.ToolName),
        new("call_id", ColumnType.NullableText, r => r.CallId),
        new("success", ColumnType.Bool, r => r.Success),
        .. Attribution<ToolCall>(),
        new("dimensions", ColumnType.NullableText, r => r.Dimensions),
    ]);

    public static readonly TableShape<SpanLink> Links = new("span_links",
    [
        new("trace_id", ColumnType.TraceId, r => r.TraceId),
        new("span_id", ColumnType.SpanId, r => r.SpanId),
        new("parent_span_id", ColumnType.SpanId, r => r.ParentSpanId),
        new("received_at", ColumnType.Time, r => r.ReceivedAt),
    ]);

    private static IEnumerable<TableColumn<T>> Common<T>() where T : TelemetryRecord =>
    [
        new("trace_id", ColumnType.TraceId, r => r.TraceId),
        new("span_id", ColumnType.SpanId, r => r.SpanId),
        new("parent_span_id", ColumnType.SpanId, r => r.ParentSpanId),
        new("start_time", ColumnType.Time, r => r.StartTime),
        new("end_time", ColumnType.Time, r => r.EndTime),
        new("received_at", ColumnType.Time, r => r.ReceivedAt),
        new("status", ColumnType.Short, r => (short)r.Status),
        new("error_type", ColumnType.NullableText, r => r.ErrorType),
        new("service_name", ColumnType.NullableText, r => r.ServiceName),
        new("environment", ColumnType.NullableText, r => r.Environment),
    ];

    private static IEnumerable<TableColumn<T>> Attribution<T>() where T : AttributedCall =>
    [
        new("agent_name", ColumnType.NullableText, r => r.AgentName),
        new("agent_id", ColumnType.NullableText, r => r.AgentId),
        new("session_id", ColumnType.NullableText, r => r.SessionId),
        new("user_id", ColumnType.NullableText, r => r.UserId),
        new("run_span_id", ColumnType.NullableSpanId, r => r.RunSpanId),
        new("attribution", ColumnType.Short, r => (short)r.Attribution),
    ];
}

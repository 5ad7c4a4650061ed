namespace CostWatch.Core.Records;

/// <summary>
/// A span that is neither an LLM call, an agent run nor a tool call: only its parent link is kept, for a
/// bounded time, so that calls beneath it can still find their agent run.
/// </summary>
public sealed record SpanLink(Guid TraceId, ulong SpanId, ulong ParentSpanId, DateTime ReceivedAt);

using CostWatch.Core.Attribution;

namespace CostWatch.Storage;

/// <summary>A stored call still waiting for its ancestor agent run, with the identity it carried itself.</summary>
public sealed record PendingCall(CallKind Kind, Guid TraceId, ulong SpanId, AttributionInput Input, DateTime ReceivedAt);

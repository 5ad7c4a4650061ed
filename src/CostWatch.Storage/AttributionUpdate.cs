using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>
/// The attribution a pending call settles on. <see cref="ReceivedAt"/> is the call's as stored (its
/// <see cref="PendingCall.ReceivedAt"/>): it narrows the search for the call to the pending calls received about then.
/// </summary>
public sealed record AttributionUpdate(CallKind Kind, Guid TraceId, ulong SpanId, DateTime ReceivedAt, AttributionResult Result);

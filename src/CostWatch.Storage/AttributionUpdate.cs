using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>The attribution a pending call settles on.</summary>
public sealed record AttributionUpdate(CallKind Kind, Guid TraceId, ulong SpanId, AttributionResult Result);

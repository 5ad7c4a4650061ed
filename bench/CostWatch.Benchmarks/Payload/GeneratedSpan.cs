using CostWatch.Otlp.Proto;

namespace CostWatch.Benchmarks.Payload;

/// <summary>One span of a generated trace, with the trace's slot in its template sequence.</summary>
internal sealed record GeneratedSpan(Span Span, SpanRole Role, int Slot);

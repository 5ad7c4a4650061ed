namespace CostWatch.Core.Attribution;

/// <summary>One span of a trace as attribution sees it: its parent, and its identity when it is an agent run.</summary>
public readonly record struct SpanGraphNode(ulong ParentSpanId, RunIdentity? Run);

namespace CostWatch.Core.Records;

/// <summary>What every stored record keeps of its span: identity, timing, status and where it came from.</summary>
public abstract class TelemetryRecord
{
    public required Guid TraceId { get; init; }

    public required ulong SpanId { get; init; }

    /// <summary>0 for a root span.</summary>
    public ulong ParentSpanId { get; init; }

    /// <summary>UTC, truncated to microseconds (the precision both stores keep).</summary>
    public required DateTime StartTime { get; init; }

    public required DateTime EndTime { get; init; }

    public SpanStatus Status { get; init; }

    public string? ErrorType { get; init; }

    public string? ServiceName { get; init; }

    public string? Environment { get; init; }

    public required DateTime ReceivedAt { get; init; }

    /// <summary>
    /// The custom cost dimensions (<c>CostWatch:Costs:Dimensions</c>) this span carried, as canonical JSON (an
    /// object with keys in ordinal order); null when it carried none.
    /// </summary>
    public string? Dimensions { get; set; }

    public TimeSpan Duration => EndTime - StartTime;
}

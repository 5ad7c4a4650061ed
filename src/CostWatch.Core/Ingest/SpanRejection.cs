namespace CostWatch.Core.Ingest;

/// <summary>One span refused through OTLP partial success, with the reason a client can act on.</summary>
public sealed record SpanRejection(string SpanIdHex, string Reason)
{
    public override string ToString() => $"span {SpanIdHex}: {Reason}";
}

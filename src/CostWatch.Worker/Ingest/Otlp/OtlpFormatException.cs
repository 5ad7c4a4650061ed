namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>
/// An OTLP body that cannot be decoded at all (truncated, wrong wire type, malformed JSON, wrong shape). The
/// whole export is answered with 400 / INVALID_ARGUMENT, which clients do not retry, so the message names the
/// field and offset or JSON path precisely: it is the only thing the sender gets to debug their exporter with.
/// </summary>
internal sealed class OtlpFormatException : Exception
{
    public OtlpFormatException(string message)
        : base(message)
    {
    }

    public OtlpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

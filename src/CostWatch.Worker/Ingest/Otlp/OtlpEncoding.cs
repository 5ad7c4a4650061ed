namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>The two OTLP body encodings; a response is always written in the encoding of its request.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}

using CostWatch.Core.Ingest;
using CostWatch.Otlp.Proto;
using Google.Protobuf;

namespace CostWatch.Worker.Tests.Ingest.Otlp;

/// <summary>Requests built with the generated OTLP classes, an encoder independent of the decoder under test.</summary>
internal static class OtlpTestData
{
    public static readonly DateTime ReceivedAt = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>One minute before <see cref="ReceivedAt"/>, with sub-microsecond digits the store truncates.</summary>
    public const ulong StartNanos = 1_748_779_140_000_000_123;

    public const ulong EndNanos = StartNanos + 1_500_000_000;

    public static readonly byte[] TraceId = Convert.FromHexString("0af7651916cd43dd8448eb211c80319c");

    public static readonly byte[] ParentSpanId = Convert.FromHexString("b7ad6b7169203331");

    public static Guid TraceGuid => new(TraceId, bigEndian: true);

    public static byte[] SpanIdBytes(ulong spanId)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, spanId);
        return bytes;
    }

    public static Span NewSpan(ulong spanId, string name, params KeyValue[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(TraceId),
            SpanId = ByteString.CopyFrom(SpanIdBytes(spanId)),
            ParentSpanId = ByteString.CopyFrom(ParentSpanId),
            Name = name,
            StartTimeUnixNano = StartNanos,
            EndTimeUnixNano = EndNanos,
        };
        span.Attributes.Add(attributes);
        return span;
    }

    public static ExportTraceServiceRequest Request(Resource? resource, params Span[] spans)
    {
        var scopeSpans = new ScopeSpans();
        scopeSpans.Spans.Add(spans);
        var resourceSpans = new ResourceSpans { Resource = resource, ScopeSpans = { scopeSpans } };
        return new ExportTraceServiceRequest { ResourceSpans = { resourceSpans } };
    }

    public static Resource ResourceWith(params KeyValue[] attributes)
    {
        var resource = new Resource();
        resource.Attributes.Add(attributes);
        return resource;
    }

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Attr(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    public static NormalizedBatch DecodeProtobuf(byte[] body)
    {
        var normalizer = new SpanNormalizer(new IngestLimits(), ReceivedAt);
        CostWatch.Worker.Ingest.Otlp.OtlpProtobufDecoder.Decode(body, normalizer);
        return normalizer.Complete();
    }

    public static NormalizedBatch DecodeJson(string json)
    {
        var normalizer = new SpanNormalizer(new IngestLimits(), ReceivedAt);
        CostWatch.Worker.Ingest.Otlp.OtlpJsonDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(json), normalizer);
        return normalizer.Complete();
    }
}

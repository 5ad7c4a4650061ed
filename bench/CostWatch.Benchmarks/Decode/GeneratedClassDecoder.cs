using CostWatch.Core.Ingest;
using CostWatch.Core.Telemetry;
using CostWatch.Otlp.Proto;
using Google.Protobuf.Collections;

namespace CostWatch.Benchmarks.Decode;

/// <summary>
/// The alternative to the worker's hand-written reader: Google.Protobuf's generated parser, then a walk over the
/// parsed messages that feeds a <see cref="SpanNormalizer"/> exactly what the hand-written reader feeds it, so
/// both end with the same normalised records.
/// </summary>
internal static class GeneratedClassDecoder
{
    public static void Decode(byte[] body, SpanNormalizer normalizer)
    {
        // Indexed loops: RepeatedField's enumerator is a class, and the walk should cost no more than it must.
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            normalizer.BeginResource();
            if (resourceSpans.Resource is { } resource)
            {
                Fill(resource.Attributes, normalizer.ResourceAttributes);
            }

            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var spans = resourceSpans.ScopeSpans[s].Spans;
                for (var i = 0; i < spans.Count; i++)
                {
                    var span = spans[i];
                    var decoded = normalizer.BeginSpan();
                    decoded.SetTraceId(span.TraceId.Span);
                    decoded.SetSpanId(span.SpanId.Span);
                    decoded.SetParentSpanId(span.ParentSpanId.Span);
                    decoded.SetName(span.Name.AsSpan());
                    decoded.StartTimeUnixNano = span.StartTimeUnixNano;
                    decoded.EndTimeUnixNano = span.EndTimeUnixNano;
                    decoded.StatusCode = span.Status is { } status ? (int)status.Code : 0;
                    Fill(span.Attributes, decoded.Attributes);
                    normalizer.EndSpan();
                }
            }
        }
    }

    private static void Fill(RepeatedField<KeyValue> attributes, SpanAttributes into)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (attribute.Value is { } value && GenAiAttributeNames.TryGet(attribute.Key.AsSpan(), out var key))
            {
                into.Set(key, Convert(value));
            }
        }
    }

    private static AttributeValue Convert(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => AttributeValue.FromString(value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => AttributeValue.FromBool(value.BoolValue),
        AnyValue.ValueOneofCase.IntValue => AttributeValue.FromInt(value.IntValue),
        AnyValue.ValueOneofCase.DoubleValue => AttributeValue.FromDouble(value.DoubleValue),
        AnyValue.ValueOneofCase.None => default,
        _ => AttributeValue.Other,
    };
}

using System.Text;
using CostWatch.Core.Ingest;
using CostWatch.Core.Telemetry;

namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>
/// Decodes an OTLP/protobuf <c>ExportTraceServiceRequest</c> straight into a <see cref="SpanNormalizer"/>.
/// This is the ingest hot path: per span it allocates nothing but the strings of attribute values CostWatch
/// reads. Events, links, trace state, the instrumentation scope and every attribute not in
/// <see cref="GenAiAttributeNames"/> or the configured <see cref="CostDimensions"/> (prompts and completions
/// included, which no dimension may name) are skipped by their length prefix.
/// </summary>
internal static class OtlpProtobufDecoder
{
    // Tags are field_number << 3 | wire_type (field numbers from opentelemetry-proto, see genai-telemetry.md).
    // A known field that arrives with another wire type does not match its tag and is skipped as unknown, which
    // is what generated protobuf parsers do too.
    private const uint RequestResourceSpansTag = 1 << 3 | ProtoReader.LengthDelimited;

    private const uint ResourceSpansResourceTag = 1 << 3 | ProtoReader.LengthDelimited;
    private const uint ResourceSpansScopeSpansTag = 2 << 3 | ProtoReader.LengthDelimited;

    private const uint ResourceAttributesTag = 1 << 3 | ProtoReader.LengthDelimited;

    private const uint ScopeSpansSpansTag = 2 << 3 | ProtoReader.LengthDelimited;

    private const uint SpanTraceIdTag = 1 << 3 | ProtoReader.LengthDelimited;
    private const uint SpanSpanIdTag = 2 << 3 | ProtoReader.LengthDelimited;
    private const uint SpanParentSpanIdTag = 4 << 3 | ProtoReader.LengthDelimited;
    private const uint SpanNameTag = 5 << 3 | ProtoReader.LengthDelimited;
    private const uint SpanStartTimeTag = 7 << 3 | ProtoReader.Fixed64;
    private const uint SpanEndTimeTag = 8 << 3 | ProtoReader.Fixed64;
    private const uint SpanAttributesTag = 9 << 3 | ProtoReader.LengthDelimited;
    private const uint SpanStatusTag = 15 << 3 | ProtoReader.LengthDelimited;

    private const uint StatusCodeTag = 3 << 3 | ProtoReader.Varint;

    private const uint KeyValueKeyTag = 1 << 3 | ProtoReader.LengthDelimited;
    private const uint KeyValueValueTag = 2 << 3 | ProtoReader.LengthDelimited;

    private const uint AnyValueStringTag = 1 << 3 | ProtoReader.LengthDelimited;
    private const uint AnyValueBoolTag = 2 << 3 | ProtoReader.Varint;
    private const uint AnyValueIntTag = 3 << 3 | ProtoReader.Varint;
    private const uint AnyValueDoubleTag = 4 << 3 | ProtoReader.Fixed64;
    private const uint AnyValueArrayTag = 5 << 3 | ProtoReader.LengthDelimited;
    private const uint AnyValueKvlistTag = 6 << 3 | ProtoReader.LengthDelimited;
    private const uint AnyValueBytesTag = 7 << 3 | ProtoReader.LengthDelimited;

    private const int KeyFilterBits = 1024;

    // Most attributes of a span are not ones CostWatch reads (server.address, gen_ai.response.id, prompts).
    // The exact lookup copies the key to chars and hashes all of it; this bit set over a cheap hash of the
    // known keys rules most unknown keys out first for a few instructions (about 5% get through to the lookup).
    private static readonly ulong[] KnownKeyFilter = BuildKnownKeyFilter();

    /// <summary>Feeds every span of the request to <paramref name="normalizer"/>.</summary>
    /// <exception cref="OtlpFormatException">The body is not a well-formed protobuf message.</exception>
    public static void Decode(ReadOnlySpan<byte> body, SpanNormalizer normalizer)
    {
        var request = new ProtoReader(body);
        uint tag;
        while ((tag = request.ReadTag("ExportTraceServiceRequest")) != 0)
        {
            if (tag == RequestResourceSpansTag)
            {
                DecodeResourceSpans(request.ReadMessage("ExportTraceServiceRequest.resource_spans"), normalizer);
            }
            else
            {
                request.Skip(tag, "ExportTraceServiceRequest");
            }
        }
    }

    private static void DecodeResourceSpans(ProtoReader resourceSpans, SpanNormalizer normalizer)
    {
        normalizer.BeginResource();

        // Spans fall back to resource attributes (service, agent, session), so the resource must be read
        // before the first span; protobuf lets fields come in any order, and some encoders do write it last.
        // The first pass costs little: scope_spans are stepped over by their length prefix.
        var resourcePass = resourceSpans;
        uint tag;
        while ((tag = resourcePass.ReadTag("ResourceSpans")) != 0)
        {
            if (tag == ResourceSpansResourceTag)
            {
                DecodeResource(resourcePass.ReadMessage("ResourceSpans.resource"), normalizer.ResourceAttributes,
                    normalizer.Dimensions);
            }
            else if (tag == ResourceSpansScopeSpansTag)
            {
                // Named rather than skipped as unknown, so a bad length is reported as scope_spans.
                resourcePass.ReadLengthDelimited("ResourceSpans.scope_spans");
            }
            else
            {
                resourcePass.Skip(tag, "ResourceSpans");
            }
        }

        while ((tag = resourceSpans.ReadTag("ResourceSpans")) != 0)
        {
            if (tag == ResourceSpansScopeSpansTag)
            {
                DecodeScopeSpans(resourceSpans.ReadMessage("ResourceSpans.scope_spans"), normalizer);
            }
            else
            {
                resourceSpans.Skip(tag, "ResourceSpans");
            }
        }
    }

    private static void DecodeResource(ProtoReader resource, SpanAttributes attributes, CostDimensions? dimensions)
    {
        uint tag;
        while ((tag = resource.ReadTag("Resource")) != 0)
        {
            if (tag == ResourceAttributesTag)
            {
                DecodeKeyValue(resource.ReadMessage("Resource.attributes"), attributes, dimensions);
            }
            else
            {
                resource.Skip(tag, "Resource");
            }
        }
    }

    private static void DecodeScopeSpans(ProtoReader scopeSpans, SpanNormalizer normalizer)
    {
        uint tag;
        while ((tag = scopeSpans.ReadTag("ScopeSpans")) != 0)
        {
            if (tag == ScopeSpansSpansTag)
            {
                DecodeSpan(scopeSpans.ReadMessage("ScopeSpans.spans"), normalizer);
            }
            else
            {
                scopeSpans.Skip(tag, "ScopeSpans");
            }
        }
    }

    private static void DecodeSpan(ProtoReader span, SpanNormalizer normalizer)
    {
        var decoded = normalizer.BeginSpan();
        uint tag;
        while ((tag = span.ReadTag("Span")) != 0)
        {
            switch (tag)
            {
                case SpanTraceIdTag:
                    decoded.SetTraceId(span.ReadLengthDelimited("Span.trace_id"));
                    break;
                case SpanSpanIdTag:
                    decoded.SetSpanId(span.ReadLengthDelimited("Span.span_id"));
                    break;
                case SpanParentSpanIdTag:
                    decoded.SetParentSpanId(span.ReadLengthDelimited("Span.parent_span_id"));
                    break;
                case SpanNameTag:
                    decoded.SetName(span.ReadLengthDelimited("Span.name"));
                    break;
                case SpanStartTimeTag:
                    decoded.StartTimeUnixNano = span.ReadFixed64("Span.start_time_unix_nano");
                    break;
                case SpanEndTimeTag:
                    decoded.EndTimeUnixNano = span.ReadFixed64("Span.end_time_unix_nano");
                    break;
                case SpanAttributesTag:
                    DecodeKeyValue(span.ReadMessage("Span.attributes"), decoded.Attributes, normalizer.Dimensions);
                    break;
                case SpanStatusTag:
                    decoded.StatusCode = DecodeStatusCode(span.ReadMessage("Span.status"), decoded.StatusCode);
                    break;
                default:
                    span.Skip(tag, "Span");
                    break;
            }
        }

        normalizer.EndSpan();
    }

    /// <summary>
    /// Returns the status code, or <paramref name="current"/> when this occurrence does not carry one: a message
    /// field repeated on the wire is merged, so a later <c>status</c> without a code keeps the earlier code.
    /// </summary>
    private static int DecodeStatusCode(ProtoReader status, int current)
    {
        var code = current;
        uint tag;
        while ((tag = status.ReadTag("Status")) != 0)
        {
            if (tag == StatusCodeTag)
            {
                // Enums are int32 on the wire, sign-extended to 64 bits when negative.
                code = (int)status.ReadVarint("Status.code");
            }
            else
            {
                status.Skip(tag, "Status");
            }
        }

        return code;
    }

    private static void DecodeKeyValue(ProtoReader keyValue, SpanAttributes attributes, CostDimensions? dimensions)
    {
        // Key and value may come in either order, so the value is only located here and decoded after the
        // key is known: values of keys CostWatch does not read (prompts, payloads) are never looked into.
        var key = ReadOnlySpan<byte>.Empty;
        var value = default(ProtoReader);
        var hasValue = false;
        uint tag;
        while ((tag = keyValue.ReadTag("KeyValue")) != 0)
        {
            if (tag == KeyValueKeyTag)
            {
                key = keyValue.ReadLengthDelimited("KeyValue.key");
            }
            else if (tag == KeyValueValueTag)
            {
                value = keyValue.ReadMessage("KeyValue.value");
                hasValue = true;
            }
            else
            {
                keyValue.Skip(tag, "KeyValue");
            }
        }

        if (!hasValue)
        {
            return;
        }

        // SpanAttributes ignores an AnyValue with no member set: an absent value, not an empty string.
        if (MayBeKnownKey(key) && GenAiAttributeNames.TryGet(key, out var attribute))
        {
            attributes.Set(attribute, DecodeAnyValue(value));
        }
        else if (dimensions is not null && dimensions.TryGetCustomSlot(key, out var slot))
        {
            // Without custom dimensions this branch costs one null test per attribute.
            attributes.SetCustom(slot, DecodeAnyValue(value));
        }
    }

    private static AttributeValue DecodeAnyValue(ProtoReader anyValue)
    {
        // A oneof repeated on the wire keeps its last member.
        var value = default(AttributeValue);
        uint tag;
        while ((tag = anyValue.ReadTag("AnyValue")) != 0)
        {
            switch (tag)
            {
                case AnyValueStringTag:
                    value = AttributeValue.FromString(
                        Encoding.UTF8.GetString(anyValue.ReadLengthDelimited("AnyValue.string_value")));
                    break;
                case AnyValueBoolTag:
                    value = AttributeValue.FromBool(anyValue.ReadVarint("AnyValue.bool_value") != 0);
                    break;
                case AnyValueIntTag:
                    // int64 is two's complement in a 64-bit varint, so the cast restores negative values.
                    value = AttributeValue.FromInt((long)anyValue.ReadVarint("AnyValue.int_value"));
                    break;
                case AnyValueDoubleTag:
                    value = AttributeValue.FromDouble(
                        BitConverter.UInt64BitsToDouble(anyValue.ReadFixed64("AnyValue.double_value")));
                    break;
                case AnyValueArrayTag:
                    anyValue.ReadLengthDelimited("AnyValue.array_value");
                    value = AttributeValue.Other;
                    break;
                case AnyValueKvlistTag:
                    anyValue.ReadLengthDelimited("AnyValue.kvlist_value");
                    value = AttributeValue.Other;
                    break;
                case AnyValueBytesTag:
                    anyValue.ReadLengthDelimited("AnyValue.bytes_value");
                    value = AttributeValue.Other;
                    break;
                default:
                    anyValue.Skip(tag, "AnyValue");
                    break;
            }
        }

        return value;
    }

    /// <summary>False only for keys that are certainly not in <see cref="GenAiAttributeNames"/>.</summary>
    internal static bool MayBeKnownKey(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > GenAiAttributeNames.MaxKeyLength)
        {
            return false;
        }

        var hash = KeyHash(key);
        return (KnownKeyFilter[hash >> 6] & 1UL << hash) != 0;
    }

    /// <summary>Length, middle and last byte: where the known keys (and their common neighbours) differ.</summary>
    private static int KeyHash(ReadOnlySpan<byte> key) =>
        (key.Length * 31 + key[key.Length / 2] * 7 + key[^1]) & (KeyFilterBits - 1);

    private static ulong[] BuildKnownKeyFilter()
    {
        var filter = new ulong[KeyFilterBits / 64];
        foreach (var name in GenAiAttributeNames.All)
        {
            var hash = KeyHash(Encoding.UTF8.GetBytes(name));
            filter[hash >> 6] |= 1UL << hash;
        }

        return filter;
    }
}

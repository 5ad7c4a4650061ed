using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CostWatch.Core.Ingest;
using CostWatch.Core.Telemetry;
using static CostWatch.Worker.Ingest.Otlp.OtlpJsonShape;

namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>
/// Decodes an OTLP/JSON <c>ExportTraceServiceRequest</c> into a <see cref="SpanNormalizer"/>. OTLP/JSON is not
/// the standard protobuf JSON mapping (hex ids, see genai-telemetry.md section 1), so it is read by hand.
/// JSON is the rare encoding, so this favours clear error paths over speed and reads a
/// <see cref="JsonDocument"/>, which also lets the resource be read before the spans whatever the key order.
/// </summary>
/// <remarks>
/// Malformed JSON or a field of the wrong JSON type fails the whole export with the JSON path of the problem;
/// an id that is not hex fails only its span. Unknown keys are ignored, and <c>null</c> counts as absent, as in
/// the protobuf JSON mapping. Attribute values are only read for keys CostWatch knows and those of the configured
/// custom cost dimensions.
/// </remarks>
internal static class OtlpJsonDecoder
{
    private const int TraceIdBytes = 16;
    private const int SpanIdBytes = 8;
    private const int MaxShownIdChars = 40;

    /// <summary>Feeds every span of the request to <paramref name="normalizer"/>.</summary>
    /// <exception cref="OtlpFormatException">The body is not JSON or not shaped like an export request.</exception>
    public static void Decode(ReadOnlySpan<byte> utf8Json, SpanNormalizer normalizer)
    {
        using var document = Parse(utf8Json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new OtlpFormatException($"$: expected an object, got {Describe(root)}");
        }

        if (!TryGetProperty(root, "", "resourceSpans", JsonValueKind.Array, out var resourceSpans))
        {
            return;
        }

        var index = 0;
        foreach (var element in resourceSpans.EnumerateArray())
        {
            DecodeResourceSpans(element, $"resourceSpans[{index++}]", normalizer);
        }
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            throw new OtlpFormatException($"invalid JSON at byte {FirstInvalidUtf8(utf8Json)}: not valid UTF-8");
        }

        try
        {
            ValidateTokens(utf8Json);
            var reader = new Utf8JsonReader(utf8Json);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } line && e.BytePositionInLine is { } column
                ? $" at byte {ByteOffset(utf8Json, line, column)}"
                : "";
            throw new OtlpFormatException($"invalid JSON{at}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads every token once, which finds syntax errors and content after the request object, and decodes every
    /// escaped string and member name. The reader decodes string contents only when asked, and then throws
    /// <see cref="InvalidOperationException"/>, from whichever lookup meets the string first, for an escape that
    /// is not valid UTF-16 (an unpaired surrogate such as "\ud800"); found here, it is a 400 with an offset, and
    /// the walk over the document can read strings without guarding each one.
    /// </summary>
    private static void ValidateTokens(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException e)
                {
                    throw new OtlpFormatException($"invalid JSON at byte {reader.TokenStartIndex}: {e.Message}", e);
                }
            }
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    /// <summary>The reader reports line and column; a client's body is usually one line, so give the offset.</summary>
    private static long ByteOffset(ReadOnlySpan<byte> utf8Json, long line, long column)
    {
        var lineStart = 0;
        for (var i = 0L; i < line; i++)
        {
            var newline = utf8Json[lineStart..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            lineStart += newline + 1;
        }

        return lineStart + column;
    }

    private static void DecodeResourceSpans(JsonElement resourceSpans, string path, SpanNormalizer normalizer)
    {
        RequireObject(resourceSpans, path);
        normalizer.BeginResource();
        if (TryGetProperty(resourceSpans, path, "resource", JsonValueKind.Object, out var resource))
        {
            DecodeAttributes(resource, $"{path}.resource", normalizer.ResourceAttributes, normalizer.Dimensions);
        }

        if (!TryGetProperty(resourceSpans, path, "scopeSpans", JsonValueKind.Array, out var scopeSpansArray))
        {
            return;
        }

        var scopeIndex = 0;
        foreach (var scopeSpans in scopeSpansArray.EnumerateArray())
        {
            var scopePath = $"{path}.scopeSpans[{scopeIndex++}]";
            RequireObject(scopeSpans, scopePath);
            if (!TryGetProperty(scopeSpans, scopePath, "spans", JsonValueKind.Array, out var spans))
            {
                continue;
            }

            var spanIndex = 0;
            foreach (var span in spans.EnumerateArray())
            {
                DecodeSpan(span, $"{scopePath}.spans[{spanIndex++}]", normalizer);
            }
        }
    }

    private static void DecodeSpan(JsonElement span, string path, SpanNormalizer normalizer)
    {
        RequireObject(span, path);
        var decoded = normalizer.BeginSpan();
        // Room beyond 16 bytes, so an over-long id still reaches the setter, which reports its length.
        Span<byte> id = stackalloc byte[TraceIdBytes * 4];

        if (TryReadHexId(span, path, "traceId", TraceIdBytes, id, decoded, out var length))
        {
            decoded.SetTraceId(id[..length]);
        }

        if (TryReadHexId(span, path, "spanId", SpanIdBytes, id, decoded, out length))
        {
            decoded.SetSpanId(id[..length]);
        }

        if (TryReadHexId(span, path, "parentSpanId", SpanIdBytes, id, decoded, out length))
        {
            decoded.SetParentSpanId(id[..length]);
        }

        if (TryGetProperty(span, path, "name", JsonValueKind.String, out var name))
        {
            decoded.SetName(name.GetString().AsSpan());
        }

        if (TryGetUInt64(span, path, "startTimeUnixNano", out var start))
        {
            decoded.StartTimeUnixNano = start;
        }

        if (TryGetUInt64(span, path, "endTimeUnixNano", out var end))
        {
            decoded.EndTimeUnixNano = end;
        }

        if (TryGetProperty(span, path, "status", JsonValueKind.Object, out var status))
        {
            decoded.StatusCode = ReadStatusCode(status, $"{path}.status");
        }

        DecodeAttributes(span, path, decoded.Attributes, normalizer.Dimensions);
        normalizer.EndSpan();
    }

    /// <summary>
    /// Reads a hex id into <paramref name="buffer"/>. An empty or absent id is absent (false, no error); a string
    /// that is not hex records an id error on the span, so only that span is rejected. Valid hex of the wrong
    /// length is returned as it is: the span's setter records the length error in the same words as protobuf.
    /// </summary>
    private static bool TryReadHexId(JsonElement span, string path, string name, int expectedBytes, Span<byte> buffer,
        DecodedSpan decoded, out int length)
    {
        length = 0;
        if (!TryGetProperty(span, path, name, JsonValueKind.String, out var element))
        {
            return false;
        }

        var hex = element.GetString()!;
        if (hex.Length == 0)
        {
            return false;
        }

        if (hex.Length / 2 > buffer.Length)
        {
            decoded.SetIdError($"{name}: {hex.Length} hex digits, expected {expectedBytes * 2}");
            return false;
        }

        if (hex.Length % 2 != 0
            || Convert.FromHexString(hex, buffer, out _, out length) != OperationStatus.Done)
        {
            var shown = hex.Length > MaxShownIdChars ? hex[..MaxShownIdChars] + "..." : hex;
            decoded.SetIdError($"{name}: '{shown}' is not {expectedBytes * 2} hex digits");
            return false;
        }

        return true;
    }

    private static int ReadStatusCode(JsonElement status, string path)
    {
        if (!status.TryGetProperty("code", out var code) || code.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number))
        {
            return number;
        }

        // Enums are integers in OTLP/JSON, but the protobuf JSON mapping also allows the enum value's name.
        return code.ValueKind == JsonValueKind.String
            ? code.GetString() switch
            {
                "STATUS_CODE_UNSET" => 0,
                "STATUS_CODE_OK" => 1,
                "STATUS_CODE_ERROR" => 2,
                _ => throw new OtlpFormatException($"{path}.code: {Describe(code)} is not a status code"),
            }
            : throw new OtlpFormatException(
                $"{path}.code: expected an integer or a status code name, got {Describe(code)}");
    }

    private static void DecodeAttributes(
        JsonElement owner, string ownerPath, SpanAttributes attributes, CostDimensions? dimensions)
    {
        if (!TryGetProperty(owner, ownerPath, "attributes", JsonValueKind.Array, out var array))
        {
            return;
        }

        var index = 0;
        foreach (var keyValue in array.EnumerateArray())
        {
            var at = index++;
            if (keyValue.ValueKind != JsonValueKind.Object)
            {
                throw new OtlpFormatException(
                    $"{ownerPath}.attributes[{at}]: expected an object, got {Describe(keyValue)}");
            }

            if (!keyValue.TryGetProperty("key", out var key) || key.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (key.ValueKind != JsonValueKind.String)
            {
                throw new OtlpFormatException(
                    $"{ownerPath}.attributes[{at}].key: expected a string, got {Describe(key)}");
            }

            var keyText = key.GetString()!;
            var slot = -1;
            var known = GenAiAttributeNames.TryGet(keyText, out var attribute);
            if ((!known && (dimensions is null || !dimensions.TryGetCustomSlot(keyText, out slot)))
                || !keyValue.TryGetProperty("value", out var value)
                || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new OtlpFormatException(
                    $"{ownerPath}.attributes[{at}].value: expected an object, got {Describe(value)}");
            }

            // SpanAttributes ignores an AnyValue with no member set: an absent value, not an empty string.
            var decoded = ReadAnyValue(value, ownerPath, at);
            if (known)
            {
                attributes.Set(attribute, decoded);
            }
            else
            {
                attributes.SetCustom(slot, decoded);
            }
        }
    }

    private static AttributeValue ReadAnyValue(JsonElement anyValue, string ownerPath, int index)
    {
        // A oneof given twice keeps its last member, as a protobuf parser would.
        var result = default(AttributeValue);
        foreach (var member in anyValue.EnumerateObject())
        {
            var value = member.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var name = member.Name;
            switch (name)
            {
                case "stringValue" when value.ValueKind == JsonValueKind.String:
                    result = AttributeValue.FromString(value.GetString()!);
                    break;
                case "boolValue" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    result = AttributeValue.FromBool(value.GetBoolean());
                    break;
                case "intValue" when TryReadInt64(value, out var number):
                    result = AttributeValue.FromInt(number);
                    break;
                case "doubleValue" when TryReadDouble(value, out var number):
                    result = AttributeValue.FromDouble(number);
                    break;
                case "arrayValue" or "kvlistValue" or "bytesValue":
                    result = AttributeValue.Other;
                    break;
                case "stringValue" or "boolValue" or "intValue" or "doubleValue":
                    throw new OtlpFormatException(
                        $"{ownerPath}.attributes[{index}].value.{name}: {Describe(value)} is not a valid {name}");
            }
        }

        return result;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Ingest;

/// <summary>
/// Writes the custom cost dimensions a span carries as canonical JSON: an object with the dimension names in
/// ordinal order and every value a string, so equal dimensions are equal text (rollups group by that text). A
/// span's own attribute wins over its resource's; an empty value is no value; a value longer than
/// <see cref="CostDimensions.MaxValueLength"/> is cut.
/// </summary>
internal sealed class DimensionsWriter(CostDimensions dimensions)
{
    // Escapes what JSON requires (quotes, backslashes, control characters) and leaves other text readable in the
    // database; the JSON is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;
    private string?[]? _resourceValues;

    /// <summary>Forgets the previous resource's values; the next span computes the new resource's once.</summary>
    public void BeginResource() => _resourceValues = null;

    /// <returns>The JSON, or null when the span and its resource carry none of the dimensions.</returns>
    public string? Write(SpanAttributes span, SpanAttributes resource)
    {
        _resourceValues ??= [.. dimensions.Dimensions.Select(dimension => ValueOf(resource, dimension))];
        var written = 0;
        for (var i = 0; i < dimensions.Dimensions.Count; i++)
        {
            var dimension = dimensions.Dimensions[i];
            if ((ValueOf(span, dimension) ?? _resourceValues[i]) is not { } value)
            {
                continue;
            }

            if (written++ == 0)
            {
                _buffer.ResetWrittenCount();
                _writer ??= new Utf8JsonWriter(_buffer, Options);
                _writer.Reset(_buffer);
                _writer.WriteStartObject();
            }

            _writer!.WriteString(dimension.Name, value);
        }

        if (written == 0)
        {
            return null;
        }

        _writer!.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static string? ValueOf(SpanAttributes attributes, CostDimension dimension)
    {
        var found = dimension.Known is { } known
            ? attributes.TryGet(known, out var value)
            : attributes.TryGetCustom(dimension.CustomSlot, out value);
        return found && value.AsText() is { Length: > 0 } text ? Capped(text) : null;
    }

    private static string Capped(string text)
    {
        if (text.Length <= CostDimensions.MaxValueLength)
        {
            return text;
        }

        // Never split a surrogate pair: half of one is not valid text.
        var length = char.IsHighSurrogate(text[CostDimensions.MaxValueLength - 1])
            ? CostDimensions.MaxValueLength - 1
            : CostDimensions.MaxValueLength;
        return text[..length];
    }
}

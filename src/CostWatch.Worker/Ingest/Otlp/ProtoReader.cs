using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>
/// A protobuf wire-format reader over one message. Hand-written rather than generated so the decoder can skip
/// everything CostWatch does not read (events, links, prompt attributes) by length prefix, without
/// materialising it. Every read is bounds-checked and failures throw <see cref="OtlpFormatException"/> with
/// the field and the absolute offset in the request body.
/// </summary>
/// <remarks>
/// The <c>string</c> arguments name the field (or, for <see cref="ReadTag"/> and <see cref="Skip"/>, the
/// message) for error messages only; callers pass literals, so nothing is formatted unless a read fails.
/// </remarks>
internal ref struct ProtoReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    private const int MaxVarintBytes = 10;

    // Groups are a proto2 leftover that OTLP never uses; they are skipped correctly, but without a bound a
    // body of nested start-groups would recurse until the stack overflows.
    private const int MaxGroupDepth = 64;

    private readonly ReadOnlySpan<byte> _data;

    // Where _data starts within the whole request body, so errors inside nested messages point at the byte
    // the client sent rather than at an offset relative to the sub-message.
    private readonly int _origin;
    private int _position;
    private int _tagStart;

    public ProtoReader(ReadOnlySpan<byte> data)
        : this(data, 0)
    {
    }

    private ProtoReader(ReadOnlySpan<byte> data, int origin)
    {
        _data = data;
        _origin = origin;
    }

    /// <summary>The absolute offset of the next byte to read within the request body.</summary>
    public readonly int Offset => _origin + _position;

    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>
    /// Reads the next tag (<c>field_number &lt;&lt; 3 | wire_type</c>), or returns 0 at the end of the message.
    /// The tag is not validated here: callers switch on the tags they know and pass the rest to
    /// <see cref="Skip"/>, which rejects field number 0 and wire types 6 and 7.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadTag(string message)
    {
        var position = _position;
        _tagStart = position;
        if ((uint)position >= (uint)_data.Length)
        {
            return 0;
        }

        // Every field OTLP defines below 16 has a one-byte tag.
        uint tag = _data[position];
        if (tag < 0x80)
        {
            _position = position + 1;
            return tag;
        }

        return ReadLongTag(message);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint(string field) => ReadVarint(field, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64(string field)
    {
        var position = _position;
        if (_data.Length - position < sizeof(ulong))
        {
            ThrowTruncated(field, 0, "fixed64", position);
        }

        _position = position + sizeof(ulong);
        return BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(position, sizeof(ulong)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadFixed32(string field)
    {
        var position = _position;
        if (_data.Length - position < sizeof(uint))
        {
            ThrowTruncated(field, 0, "fixed32", position);
        }

        _position = position + sizeof(uint);
        return BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(position, sizeof(uint)));
    }

    /// <summary>Reads a length-delimited field (bytes, string or an embedded message) as a slice of the body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadLengthDelimited(string field) => ReadLengthDelimited(field, 0, out _);

    /// <summary>Reads an embedded message; the returned reader reports offsets in the whole body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ProtoReader ReadMessage(string field)
    {
        var content = ReadLengthDelimited(field, 0, out var contentStart);
        return new ProtoReader(content, _origin + contentStart);
    }

    /// <summary>Skips the value of a field the caller does not read, whatever its wire type.</summary>
    public void Skip(uint tag, string message) => SkipValue(tag, message, 0);

    private void SkipValue(uint tag, string message, int groupDepth)
    {
        var field = (int)(tag >> 3);
        var wireType = (int)(tag & 7);
        if (field == 0)
        {
            throw Error($"{message}: field number 0 (tag {tag}) at offset {_origin + _tagStart}");
        }

        switch (wireType)
        {
            case Varint:
                ReadVarint(message, field);
                break;
            case Fixed64:
                SkipFixed(message, field, sizeof(ulong), "fixed64");
                break;
            case LengthDelimited:
                ReadLengthDelimited(message, field, out _);
                break;
            case Fixed32:
                SkipFixed(message, field, sizeof(uint), "fixed32");
                break;
            case StartGroup:
                SkipGroup(field, message, groupDepth + 1);
                break;
            case EndGroup:
                throw Error($"{message} field {field}: end-group without a matching start-group at offset "
                            + $"{_origin + _tagStart}");
            default:
                throw Error($"{message} field {field}: invalid wire type {wireType} at offset {_origin + _tagStart}");
        }
    }

    private void SkipGroup(int groupField, string message, int depth)
    {
        var groupStart = _origin + _tagStart;
        if (depth > MaxGroupDepth)
        {
            throw Error(
                $"{message} field {groupField}: groups nested deeper than {MaxGroupDepth} at offset {groupStart}");
        }

        while (true)
        {
            var tag = ReadTag(message);
            if (tag == 0)
            {
                throw Error($"{message} field {groupField}: group started at offset {groupStart} has no end-group");
            }

            if ((tag & 7) == EndGroup)
            {
                if ((int)(tag >> 3) != groupField)
                {
                    throw Error($"{message} field {groupField}: group started at offset {groupStart} is closed by "
                                + $"an end-group of field {tag >> 3} at offset {_origin + _tagStart}");
                }

                return;
            }

            SkipValue(tag, message, depth);
        }
    }

    private void SkipFixed(string message, int field, int size, string kind)
    {
        if (_data.Length - _position < size)
        {
            ThrowTruncated(message, field, kind, _position);
        }

        _position += size;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> ReadLengthDelimited(string name, int unknownField, out int contentStart)
    {
        var lengthStart = _position;
        var length = ReadVarint(name, unknownField);
        var position = _position;
        if (length > (ulong)(_data.Length - position))
        {
            ThrowPastEnd(name, unknownField, length, lengthStart);
        }

        contentStart = position;
        _position = position + (int)length;
        return _data.Slice(position, (int)length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadVarint(string name, int unknownField)
    {
        var position = _position;
        if ((uint)position < (uint)_data.Length)
        {
            var b = _data[position];
            if (b < 0x80)
            {
                _position = position + 1;
                return b;
            }
        }

        return ReadLongVarint(name, unknownField);
    }

    private ulong ReadLongVarint(string name, int unknownField)
    {
        var start = _position;
        ulong result = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _data.Length)
            {
                ThrowTruncated(name, unknownField, "varint", start);
            }

            var b = _data[_position++];
            // The tenth byte carries only bit 63; higher bits fall off the shift, as in Google's parsers.
            result |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error($"{Describe(name, unknownField)}: varint longer than {MaxVarintBytes} bytes at offset "
                    + $"{_origin + start}");
    }

    private uint ReadLongTag(string message)
    {
        var start = _position;
        var tag = ReadLongVarint(message, 0);
        if (tag > uint.MaxValue)
        {
            throw Error($"{message}: tag {tag} does not fit in 32 bits at offset {_origin + start}");
        }

        return (uint)tag;
    }

    private static string Describe(string name, int unknownField) =>
        unknownField == 0 ? name : $"{name} field {unknownField}";

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowTruncated(string name, int unknownField, string kind, int start) =>
        throw Error($"{Describe(name, unknownField)}: {kind} runs past the end of the message at offset "
                    + $"{_origin + start}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowPastEnd(string name, int unknownField, ulong length, int lengthStart) =>
        throw Error($"{Describe(name, unknownField)}: length {length} runs past the end of the message at offset "
                    + $"{_origin + lengthStart}");

    private static OtlpFormatException Error(string message) => new(message);
}

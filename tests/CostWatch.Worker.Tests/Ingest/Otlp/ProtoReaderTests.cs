using CostWatch.Worker.Ingest.Otlp;
using Google.Protobuf;

namespace CostWatch.Worker.Tests.Ingest.Otlp;

public sealed class ProtoReaderTests
{
    [Theory]
    [InlineData(0UL)]
    [InlineData(127UL)]
    [InlineData(128UL)]
    [InlineData(300UL)]
    [InlineData(1UL << 35)]
    [InlineData(ulong.MaxValue)]
    public void ReadVarint_ValueWrittenByGoogleProtobuf_ReadsSameValue(ulong value)
    {
        var bytes = Encode(output => output.WriteUInt64(value));
        var reader = new ProtoReader(bytes);

        Assert.Equal(value, reader.ReadVarint("v"));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void ReadFixed_ValuesWrittenByGoogleProtobuf_ReadLittleEndian()
    {
        var bytes = Encode(output =>
        {
            output.WriteFixed64(0x0102030405060708);
            output.WriteFixed32(0xA0B0C0D0);
        });
        var reader = new ProtoReader(bytes);

        Assert.Equal(0x0102030405060708UL, reader.ReadFixed64("a"));
        Assert.Equal(0xA0B0C0D0u, reader.ReadFixed32("b"));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void ReadMessage_NestedReader_ReportsOffsetsInWholeBody()
    {
        byte[] body = [0x0A, 0x03, 0x08, 0x96, 0x01, 0x10];
        var reader = new ProtoReader(body);

        Assert.Equal(0x0Au, reader.ReadTag("Outer"));
        var inner = reader.ReadMessage("Outer.inner");

        Assert.Equal(2, inner.Offset);
        Assert.Equal(0x08u, inner.ReadTag("Inner"));
        Assert.Equal(150UL, inner.ReadVarint("Inner.value"));
        Assert.Equal(0u, inner.ReadTag("Inner"));
        Assert.Equal(5, reader.Offset);
    }

    [Fact]
    public void Skip_EveryWireType_MovesPastTheValue()
    {
        var bytes = Encode(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteUInt64(ulong.MaxValue);
            output.WriteTag(2, WireFormat.WireType.Fixed64);
            output.WriteFixed64(1);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteString("skipped");
            output.WriteTag(4, WireFormat.WireType.StartGroup);
            output.WriteTag(1, WireFormat.WireType.Fixed32);
            output.WriteFixed32(7);
            output.WriteTag(4, WireFormat.WireType.EndGroup);
            output.WriteTag(5, WireFormat.WireType.Fixed32);
            output.WriteFixed32(2);
            output.WriteTag(6, WireFormat.WireType.Varint);
            output.WriteUInt32(42);
        });
        var reader = new ProtoReader(bytes);

        uint tag;
        while ((tag = reader.ReadTag("M")) != (6 << 3 | ProtoReader.Varint))
        {
            reader.Skip(tag, "M");
        }

        Assert.Equal(42UL, reader.ReadVarint("M.last"));
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80 }, "v: varint runs past the end of the message at offset 0")]
    [InlineData(new byte[] { 1, 2, 3 }, "f64: fixed64 runs past the end of the message at offset 0")]
    [InlineData(new byte[] { 0x05, 1, 2 }, "bytes: length 5 runs past the end of the message at offset 0")]
    public void Read_TruncatedValue_ThrowsNamingFieldAndOffset(byte[] bytes, string message)
    {
        var error = Assert.Throws<OtlpFormatException>(() =>
        {
            var reader = new ProtoReader(bytes);
            switch (message[0])
            {
                case 'v':
                    reader.ReadVarint("v");
                    break;
                case 'f':
                    reader.ReadFixed64("f64");
                    break;
                default:
                    reader.ReadLengthDelimited("bytes");
                    break;
            }
        });

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ReadTag_TagOverThirtyTwoBits_Throws()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x7F];

        var error = Assert.Throws<OtlpFormatException>(() => new ProtoReader(bytes).ReadTag("M"));

        Assert.StartsWith("M: tag 34359738367 does not fit in 32 bits", error.Message);
    }

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}

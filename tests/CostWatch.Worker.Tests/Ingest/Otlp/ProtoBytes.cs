namespace CostWatch.Worker.Tests.Ingest.Otlp;

/// <summary>
/// Raw protobuf fields for what generated encoders never write: fields out of order, groups, bad wire types,
/// truncated or over-long values.
/// </summary>
internal static class ProtoBytes
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => Varint((ulong)field << 3 | (uint)wireType);

    public static byte[] VarintField(int field, ulong value) => [.. Tag(field, 0), .. Varint(value)];

    public static byte[] Fixed64Field(int field, ulong value) =>
        [.. Tag(field, 1), .. BitConverter.GetBytes(value)];

    public static byte[] Message(int field, params byte[][] parts)
    {
        var content = parts.SelectMany(part => part).ToArray();
        return [.. Tag(field, 2), .. Varint((ulong)content.Length), .. content];
    }

    public static byte[] String(int field, string value) => Message(field, System.Text.Encoding.UTF8.GetBytes(value));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    /// <summary>A whole request around the fields of one span: resource_spans(1) / scope_spans(2) / spans(2).</summary>
    public static byte[] RequestWithSpan(params byte[][] spanFields) => Message(1, Message(2, Message(2, spanFields)));
}

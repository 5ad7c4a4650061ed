using System.Buffers.Binary;

namespace CostWatch.Benchmarks.Payload;

/// <summary>
/// Trace ids of template exports. A template is encoded once with a recognisable placeholder per trace; every
/// send overwrites those 16 bytes in place with an id unique to (run, client, cycle, trace), so each export is
/// new to the store without re-encoding anything.
/// </summary>
internal static class TraceIds
{
    public const int Length = 16;

    private const int MaxField = 1 << 24;

    // Span.trace_id is field 1, length-delimited (tag 0x0A), 16 bytes long (0x10); then 8 bytes no encoder
    // writes in a string (0xCB starts a two-byte UTF-8 sequence that 0x57 cannot continue).
    private static ReadOnlySpan<byte> Marker => [0x0A, 0x10, 0xCB, 0x57, 0xA7, 0xC4, 0x9E, 0x1D, 0x3F, 0x60];

    /// <summary>The placeholder trace id of trace <paramref name="slot"/>: the marker, then the slot.</summary>
    public static byte[] Placeholder(int slot)
    {
        var id = new byte[Length];
        Marker[2..].CopyTo(id);
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(8), slot);
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(12), 0x5AA55AA5);
        return id;
    }

    /// <summary>Where each placeholder's 16 bytes start in <paramref name="encoded"/>, with its slot.</summary>
    public static List<(int Offset, int Slot)> FindPlaceholders(ReadOnlySpan<byte> encoded)
    {
        var found = new List<(int, int)>();
        var start = 0;
        int index;
        while ((index = encoded[start..].IndexOf(Marker)) >= 0)
        {
            var offset = start + index + 2;
            found.Add((offset, BinaryPrimitives.ReadInt32BigEndian(encoded.Slice(offset + 8, 4))));
            start = offset + Length;
        }

        return found;
    }

    /// <summary>
    /// Writes a trace id unique to its arguments. The id looks random, as real ones do, so the store's primary
    /// key sees scattered inserts rather than a convenient ascending sequence.
    /// </summary>
    public static void Write(Span<byte> destination, uint run, int client, int cycle, int slot)
    {
        if ((uint)client >= 1 << 16 || (uint)cycle >= MaxField || (uint)slot >= MaxField)
        {
            throw new ArgumentOutOfRangeException(nameof(cycle), "client, cycle or slot out of range for a unique id");
        }

        var key = (ulong)client << 48 | (ulong)cycle << 24 | (uint)slot;
        // fmix64 is a bijection, so distinct keys give distinct low halves and therefore distinct ids.
        var low = Mix(key ^ ((ulong)run << 32 | run));
        var high = Mix(low ^ 0x9E3779B97F4A7C15);
        BinaryPrimitives.WriteUInt64BigEndian(destination, high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], low);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xFF51AFD7ED558CCD;
        k ^= k >> 33;
        k *= 0xC4CEB9FE1A85EC53;
        k ^= k >> 33;
        return k;
    }
}

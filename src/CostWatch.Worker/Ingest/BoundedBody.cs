using System.Buffers;
using System.IO.Compression;

namespace CostWatch.Worker.Ingest;

/// <summary>
/// A request body read into a pooled buffer, never more than the configured limit, decompressing gzip on
/// the way so the limit applies to what is decoded, not to what travelled.
/// </summary>
internal sealed class BoundedBody : IDisposable
{
    private byte[] _buffer;

    private BoundedBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads at most <paramref name="limit"/> bytes; returns null when the body is larger.</summary>
    /// <exception cref="InvalidDataException">The gzip stream is corrupt.</exception>
    public static async Task<BoundedBody?> ReadAsync(Stream body, bool gzip, long limit, long? declaredLength,
        CancellationToken cancellationToken)
    {
        var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body;
        try
        {
            var initial = (int)Math.Clamp(gzip ? (declaredLength ?? 16 * 1024) * 4 : declaredLength ?? 16 * 1024,
                4 * 1024, Math.Min(limit + 1, 64 * 1024 * 1024));
            var buffer = ArrayPool<byte>.Shared.Rent(initial);
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }

            return new BoundedBody(buffer, length);
        }
        finally
        {
            if (gzip)
            {
                await source.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}

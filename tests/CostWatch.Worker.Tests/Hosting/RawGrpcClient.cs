using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// A minimal gRPC client over HTTP/2 cleartext, for what SDKs never send: undecodable messages, missing
/// metadata. It speaks the wire format directly (5-byte prefix, grpc-status trailer).
/// </summary>
internal sealed class RawGrpcClient(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl) };

    /// <param name="gzip">Compress the message and flag it, as the OpenTelemetry Collector does by default.</param>
    public async Task<GrpcReply> ExportAsync(byte[] message, string? bearerToken = null, bool gzip = false)
    {
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var stream = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest))
            {
                stream.Write(message);
            }

            message = compressed.ToArray();
        }

        var framed = new byte[5 + message.Length];
        framed[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);

        using var request = new HttpRequestMessage(HttpMethod.Post,
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framed),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (gzip)
        {
            request.Headers.Add("grpc-encoding", "gzip");
        }

        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var values) || response.Headers.TryGetValues(name, out values)
                ? values.First()
                : null;

        var status = int.Parse(Header("grpc-status") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
        var payload = body.Length >= 5 ? body[5..] : [];
        var details = Header("grpc-status-details-bin");
        return new GrpcReply(status, Uri.UnescapeDataString(Header("grpc-message") ?? ""), payload,
            details is null ? null : Convert.FromBase64String(details.PadRight(details.Length + (4 - details.Length % 4) % 4, '=')));
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record GrpcReply(int Status, string Message, byte[] Payload, byte[]? StatusDetails);

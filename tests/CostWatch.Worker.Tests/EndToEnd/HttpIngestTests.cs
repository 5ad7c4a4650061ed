using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CostWatch.Core.Records;
using CostWatch.Otlp.Proto;
using CostWatch.Storage;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>OTLP/HTTP on a real socket: encodings, compression, duplicates, and every kind of bad input.</summary>
public sealed class HttpIngestTests : IAsyncLifetime
{
    private WorkerHost _worker = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _worker = await WorkerHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["CostWatch:Ingest:MaxBodyBytes"] = "65536",
        });
        _http = new HttpClient { BaseAddress = new Uri(_worker.HttpUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _worker.DisposeAsync();
    }

    private static byte[] ThreeSpanExport() => Request(ResourceWith(Attr("service.name", "svc")),
        NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.usage.input_tokens", 10L)),
        NewSpan(2, "execute_tool", Attr("gen_ai.operation.name", "execute_tool"), Attr("gen_ai.tool.name", "t")),
        NewSpan(3, "step")).ToByteArray();

    private Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string? contentEncoding = null) =>
        _http.PostTracesAsync(body, contentType, contentEncoding);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task QuickStartJsonExample_IsStoredAndAttributed()
    {
        var body = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "examples", "first-trace.json"));

        using var response = await PostAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var trace = Guid.Parse("5b8efff798038103d269b633813fc60c");
        var call = Assert.Single(await _worker.Store.GetLlmCallsAsync(trace, default));
        Assert.Equal(("researcher", "quickstart-session", AttributionState.Inherited, 1200L, "gpt-4o-2024-08-06"),
            (call.AgentName, call.SessionId, call.Attribution, call.InputTokens, call.ResponseModel));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Protobuf_WithAndWithoutGzip_IsStored(bool gzip)
    {
        var body = ThreeSpanExport();

        using var response = await PostAsync(gzip ? Gzip(body) : body, "application/x-protobuf", gzip ? "gzip" : null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(reply.PartialSuccess);
        Assert.Equal(new StoreCounts(1, 0, 1, 1), await _worker.Store.CountAsync(default));
    }

    [Fact]
    public async Task GzippedJson_IsStored()
    {
        var body = Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(
            Path.Combine(AppContext.BaseDirectory, "examples", "first-trace.json")));

        using var response = await PostAsync(Gzip(body), "application/json; charset=utf-8", "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new StoreCounts(1, 1, 1, 0), await _worker.Store.CountAsync(default));
    }

    [Fact]
    public async Task SameExportDeliveredTwice_IsStoredOnce()
    {
        var body = ThreeSpanExport();

        using var first = await PostAsync(body, "application/x-protobuf");
        using var second = await PostAsync(body, "application/x-protobuf");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(new StoreCounts(1, 0, 1, 1), await _worker.Store.CountAsync(default));
    }

    [Fact]
    public async Task InvalidSpans_AreRejectedThroughPartialSuccess_AndTheRestIsStored()
    {
        var future = NewSpan(5, "chat", Attr("gen_ai.operation.name", "chat"));
        future.StartTimeUnixNano = (ulong)(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000);
        future.EndTimeUnixNano = future.StartTimeUnixNano + 1;
        var negative = NewSpan(6, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.usage.input_tokens", -3L));
        var noId = NewSpan(7, "chat");
        noId.SpanId = ByteString.Empty;
        var request = Request(null, future, negative, noId, NewSpan(8, "chat", Attr("gen_ai.operation.name", "chat")));

        using var response = await PostAsync(request.ToByteArray(), "application/x-protobuf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).PartialSuccess;
        Assert.Equal(3, partial.RejectedSpans);
        Assert.Contains("more than 10 minutes in the future", partial.ErrorMessage);
        Assert.Contains("gen_ai.usage.input_tokens is not a token count", partial.ErrorMessage);
        Assert.Contains("span id is missing", partial.ErrorMessage);
        Assert.Equal(8UL, Assert.Single(await _worker.Store.GetLlmCallsAsync(TraceGuid, default)).SpanId);
    }

    [Fact]
    public async Task PartialSuccess_InJson_UsesOtlpJsonNames()
    {
        const string json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[
              {"traceId":"00000000000000000000000000000000","spanId":"0000000000000001","startTimeUnixNano":"1","endTimeUnixNano":"2"}
            ]}]}]}
            """;

        using var response = await PostAsync(Encoding.UTF8.GetBytes(json), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var partial = reply.RootElement.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString());
        Assert.Contains("trace id is missing or all zero", partial.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task UndecodableProtobuf_Is400WithAStatusNamingTheProblem()
    {
        using var response = await PostAsync([0x0A, 0xFF, 0xFF, 0x01, 0x02], "application/x-protobuf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, status.Code);
        Assert.StartsWith("the export could not be decoded as OTLP protobuf:", status.Message);
    }

    [Fact]
    public async Task MalformedJson_Is400WithAJsonStatus()
    {
        using var response = await PostAsync("{\"resourceSpans\": [ {"u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, reply.RootElement.GetProperty("code").GetInt32());
        Assert.StartsWith("the export could not be decoded as OTLP JSON:", reply.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnsupportedContentType_Is415()
    {
        using var response = await PostAsync("hello"u8.ToArray(), "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text/plain", Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message);
    }

    [Fact]
    public async Task UnsupportedContentEncoding_Is415()
    {
        using var response = await PostAsync(ThreeSpanExport(), "application/x-protobuf", "br");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        using var response = await PostAsync(new byte[70_000], "application/x-protobuf");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("65536 bytes", Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message);
    }

    [Fact]
    public async Task GzipThatInflatesPastTheLimit_Is413()
    {
        // 200 KB of zeros compress to a few hundred bytes: the limit applies after decompression.
        using var response = await PostAsync(Gzip(new byte[200_000]), "application/x-protobuf", "gzip");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03 }, "truncated")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0x07, 0x00 }, "corrupt")]
    public async Task BrokenGzip_Is400(byte[] body, string problem)
    {
        using var response = await PostAsync(body, "application/x-protobuf", "gzip");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"gzip body is {problem}", Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message);
    }

    [Fact]
    public async Task HealthAndReadiness_AreUp()
    {
        using var health = await _http.GetAsync("/healthz");
        using var ready = await _http.GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, ready.StatusCode));
        var latest = (await _worker.Store.GetSchemaStatusAsync(CancellationToken.None)).Latest;
        Assert.Contains($"\"schemaVersion\":{latest}", await ready.Content.ReadAsStringAsync());
    }
}

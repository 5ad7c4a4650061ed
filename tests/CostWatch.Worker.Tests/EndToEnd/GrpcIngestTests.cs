using CostWatch.Otlp.Proto;
using CostWatch.Storage;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>OTLP/gRPC on a real HTTP/2 cleartext socket, driven at the wire level for what SDKs never send.</summary>
public sealed class GrpcIngestTests
{
    private static byte[] OneCall(ulong spanId = 1) =>
        Request(null, NewSpan(spanId, "chat", Attr("gen_ai.operation.name", "chat"))).ToByteArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_WithAndWithoutGzip_IsStored_AndAnsweredOkWithoutPartialSuccess(bool gzip)
    {
        await using var worker = await WorkerHost.StartAsync();
        using var client = new RawGrpcClient(worker.GrpcUrl);

        var reply = await client.ExportAsync(OneCall(), gzip: gzip);

        Assert.Equal(0, reply.Status);
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(reply.Payload).PartialSuccess);
        Assert.Single(await worker.Store.GetLlmCallsAsync(TraceGuid, default));
    }

    [Fact]
    public async Task InvalidSpan_IsReportedAsPartialSuccess()
    {
        await using var worker = await WorkerHost.StartAsync();
        using var client = new RawGrpcClient(worker.GrpcUrl);
        var bad = NewSpan(2, "chat", Attr("gen_ai.operation.name", "chat"));
        bad.EndTimeUnixNano = bad.StartTimeUnixNano - 1;

        var reply = await client.ExportAsync(Request(null, bad, NewSpan(3, "chat", Attr("gen_ai.operation.name", "chat"))).ToByteArray());

        Assert.Equal(0, reply.Status);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(reply.Payload).PartialSuccess;
        Assert.Equal((1L, true), (partial.RejectedSpans, partial.ErrorMessage.Contains("end time is before start time")));
        Assert.Equal(3UL, Assert.Single(await worker.Store.GetLlmCallsAsync(TraceGuid, default)).SpanId);
    }

    [Fact]
    public async Task UndecodableMessage_IsInvalidArgument()
    {
        await using var worker = await WorkerHost.StartAsync();
        using var client = new RawGrpcClient(worker.GrpcUrl);

        var reply = await client.ExportAsync([0x0A, 0x7F, 0x01]);

        Assert.Equal(3, reply.Status);
        Assert.Contains("could not be decoded as OTLP protobuf", reply.Message);
        Assert.Equal(new StoreCounts(0, 0, 0, 0), await worker.Store.CountAsync(default));
    }

    [Fact]
    public async Task MissingOrWrongToken_IsUnauthenticated_AndNothingIsStored()
    {
        await using var worker = await WorkerHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["CostWatch:Auth:IngestTokens:0"] = "s3cret-token",
        });
        using var client = new RawGrpcClient(worker.GrpcUrl);

        var missing = await client.ExportAsync(OneCall(1));
        var wrong = await client.ExportAsync(OneCall(2), bearerToken: "s3cret-tokem");
        var right = await client.ExportAsync(OneCall(3), bearerToken: "s3cret-token");

        Assert.Equal((16, 16, 0), (missing.Status, wrong.Status, right.Status));
        Assert.Equal(3UL, Assert.Single(await worker.Store.GetLlmCallsAsync(TraceGuid, default)).SpanId);
    }
}

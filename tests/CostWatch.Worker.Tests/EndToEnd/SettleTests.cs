using CostWatch.Core.Records;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

public sealed class SettleTests
{
    [Fact]
    public async Task CallsWhoseRunNeverArrives_AreSettledAsUnattributedAfterTheSettlePeriod_NotDropped()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(ReceivedAt));
        await using var worker = await WorkerHost.StartAsync(
            settings: new Dictionary<string, string> { ["CostWatch:Ingest:SettleInterval"] = "00:00:00.200" },
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var grpc = new RawGrpcClient(worker.GrpcUrl);
        // Two calls under a parent span that is never exported; one carries its own agent.
        var request = Request(null,
            NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat")),
            NewSpan(2, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.agent.name", "solo")));
        var reply = await grpc.ExportAsync(request.ToByteArray());
        Assert.Equal(0, reply.Status);
        Assert.Null(CostWatch.Otlp.Proto.ExportTraceServiceResponse.Parser.ParseFrom(reply.Payload).PartialSuccess);

        var pending = await worker.Store.GetLlmCallsAsync(TraceGuid, default);
        Assert.Equal([AttributionState.Pending, AttributionState.Pending], pending.Select(c => c.Attribution));

        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var settled = await Eventually.GetAsync(() => worker.Store.GetLlmCallsAsync(TraceGuid, default),
            c => c.All(x => x.Attribution != AttributionState.Pending), "the settle sweep");

        Assert.Equal(["1 __unattributed__ Unattributed", "2 solo Own"],
            settled.OrderBy(c => c.SpanId).Select(c => $"{c.SpanId} {c.AgentName} {c.Attribution}"));
    }
}

using System.Diagnostics;
using System.Text;
using CostWatch.Core.Records;
using CostWatch.Otlp.Proto;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using OpenTelemetry.Exporter;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>Custom cost dimensions arrive in the stored records over every OTLP transport.</summary>
public sealed class DimensionsEndToEndTests
{
    private static readonly Dictionary<string, string> DimensionSettings = new()
    {
        ["CostWatch:Costs:Dimensions:team"] = "team.name",
        ["CostWatch:Costs:Dimensions:tier"] = "user.tier",
        ["CostWatch:Costs:Dimensions:env"] = "deployment.environment.name",
    };

    public enum Transport
    {
        HttpJson,
        HttpProtobuf,
        Grpc,
    }

    private static ExportTraceServiceRequest Export() => Request(
        ResourceWith(Attr("service.name", "svc"), Attr("team.name", "platform"), Attr("deployment.environment.name", "prod")),
        NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.request.model", "gpt-4o"),
            Attr("gen_ai.usage.input_tokens", 100L), Attr("team.name", "search"), Attr("user.tier", "gold")),
        NewSpan(2, "invoke_agent", Attr("gen_ai.operation.name", "invoke_agent"), Attr("gen_ai.agent.name", "a")),
        NewSpan(3, "execute_tool", Attr("gen_ai.operation.name", "execute_tool"), Attr("gen_ai.tool.name", "t"),
            Attr("user.tier", 2L)));

    public static TheoryData<Transport, StorageProvider> Cases()
    {
        var data = new TheoryData<Transport, StorageProvider>();
        foreach (var transport in Enum.GetValues<Transport>())
        {
            data.Add(transport, StorageProvider.Sqlite);
        }

        // One transport is enough to show the column round-trips through PostgreSQL too.
        foreach (var provider in StoreProvidersAttribute.Providers().Where(p => p != StorageProvider.Sqlite))
        {
            data.Add(Transport.Grpc, provider);
        }

        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task ConfiguredDimensions_AreStoredOnEveryRecordKind(Transport transport, StorageProvider provider)
    {
        await using var worker = await WorkerHost.StartAsync(provider, settings: DimensionSettings);

        await SendAsync(worker, transport, Export());

        Assert.Equal("""{"env":"prod","team":"search","tier":"gold"}""",
            Assert.Single(await worker.Store.GetLlmCallsAsync(TraceGuid, default)).Dimensions);
        Assert.Equal("""{"env":"prod","team":"platform"}""",
            Assert.Single(await worker.Store.GetAgentRunsAsync(TraceGuid, default)).Dimensions);
        Assert.Equal("""{"env":"prod","team":"platform","tier":"2"}""",
            Assert.Single(await worker.Store.GetToolCallsAsync(TraceGuid, default)).Dimensions);
    }

    [Fact]
    public async Task WithoutConfiguredDimensions_RecordsHaveNone()
    {
        await using var worker = await WorkerHost.StartAsync();

        await SendAsync(worker, Transport.Grpc, Export());

        Assert.Null(Assert.Single(await worker.Store.GetLlmCallsAsync(TraceGuid, default)).Dimensions);
        Assert.Null(Assert.Single(await worker.Store.GetToolCallsAsync(TraceGuid, default)).Dimensions);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task OpenTelemetrySdk_SpanTagsAndResourceAttributes_BecomeDimensions(OtlpExportProtocol protocol)
    {
        await using var worker = await WorkerHost.StartAsync(settings: DimensionSettings);
        string traceHex;
        using (var agents = new AgentTraces(protocol == OtlpExportProtocol.Grpc ? worker.GrpcUrl : worker.HttpUrl, protocol))
        {
            using (var call = agents.Source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
            {
                call.SetTag("gen_ai.operation.name", "chat");
                call.SetTag("gen_ai.request.model", "gpt-4o");
                call.SetTag("team.name", "search");
                call.SetTag("user.tier", 3L);
                traceHex = call.TraceId.ToHexString();
            }

            Assert.True(agents.Flush());
        }

        var stored = await Eventually.GetAsync(() => worker.Store.GetLlmCallsAsync(Guid.Parse(traceHex), default),
            calls => calls.Count == 1, "the call");
        // env comes from the SDK's resource (deployment.environment.name = test).
        Assert.Equal("""{"env":"test","team":"search","tier":"3"}""", stored[0].Dimensions);
    }

    private static async Task SendAsync(WorkerHost worker, Transport transport, ExportTraceServiceRequest export)
    {
        switch (transport)
        {
            case Transport.Grpc:
                using (var grpc = new RawGrpcClient(worker.GrpcUrl))
                {
                    Assert.Equal(0, (await grpc.ExportAsync(export.ToByteArray())).Status);
                }

                break;
            default:
                using (var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) })
                {
                    using var response = transport == Transport.HttpJson
                        ? await http.PostTracesAsync(Encoding.UTF8.GetBytes(OtlpJsonText.From(export)), "application/json")
                        : await http.PostTracesAsync(export.ToByteArray());
                    response.EnsureSuccessStatusCode();
                }

                break;
        }
    }
}

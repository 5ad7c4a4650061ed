using System.Text;
using CostWatch.Core.Ingest;
using CostWatch.Core.Telemetry;
using CostWatch.Worker.Ingest.Otlp;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.Ingest.Otlp;

/// <summary>Both decoders capture the attributes of configured cost dimensions, and nothing more.</summary>
public sealed class DimensionCaptureTests
{
    private static readonly CostDimensions Dimensions = CostDimensions.From(new Dictionary<string, string>
    {
        ["team"] = "team.name",
        ["tier"] = "user.tier",
        ["env"] = "deployment.environment.name",
    })!;

    private static NormalizedBatch Protobuf(byte[] body, CostDimensions? dimensions)
    {
        var normalizer = new SpanNormalizer(new IngestLimits(), ReceivedAt, dimensions);
        OtlpProtobufDecoder.Decode(body, normalizer);
        return normalizer.Complete();
    }

    private static NormalizedBatch Json(string json, CostDimensions? dimensions)
    {
        var normalizer = new SpanNormalizer(new IngestLimits(), ReceivedAt, dimensions);
        OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json), normalizer);
        return normalizer.Complete();
    }

    private static byte[] ProtobufExport() => Request(
        ResourceWith(Attr("service.name", "svc"), Attr("team.name", "platform"), Attr("deployment.environment.name", "prod")),
        NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"), Attr("team.name", "search"), Attr("user.tier", 3L),
            Attr("gen_ai.input.messages", "[{\"content\":\"secret\"}]")),
        NewSpan(2, "invoke_agent", Attr("gen_ai.operation.name", "invoke_agent"), Attr("gen_ai.agent.name", "a"),
            Attr("user.tier", true)),
        NewSpan(3, "execute_tool", Attr("gen_ai.operation.name", "execute_tool"), Attr("gen_ai.tool.name", "t"),
            Attr("user.tier", 1.5), Attr("team.name", new CostWatch.Otlp.Proto.AnyValue { BytesValue = ByteString.CopyFromUtf8("x") })))
        .ToByteArray();

    private const string JsonExport = """
        { "resourceSpans": [{
            "resource": { "attributes": [
              { "key": "service.name", "value": { "stringValue": "svc" } },
              { "key": "team.name", "value": { "stringValue": "platform" } },
              { "key": "deployment.environment.name", "value": { "stringValue": "prod" } } ] },
            "scopeSpans": [{ "spans": [
              { "traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "0000000000000001",
                "startTimeUnixNano": "1748779140000000000", "endTimeUnixNano": "1748779141000000000",
                "attributes": [
                  { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
                  { "key": "team.name", "value": { "stringValue": "search" } },
                  { "key": "user.tier", "value": { "intValue": "3" } },
                  { "key": "gen_ai.input.messages", "value": { "stringValue": "[{\"content\":\"secret\"}]" } } ] },
              { "traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "0000000000000002",
                "startTimeUnixNano": "1748779140000000000", "endTimeUnixNano": "1748779141000000000",
                "attributes": [
                  { "key": "gen_ai.operation.name", "value": { "stringValue": "invoke_agent" } },
                  { "key": "gen_ai.agent.name", "value": { "stringValue": "a" } },
                  { "key": "user.tier", "value": { "boolValue": true } } ] },
              { "traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "0000000000000003",
                "startTimeUnixNano": "1748779140000000000", "endTimeUnixNano": "1748779141000000000",
                "attributes": [
                  { "key": "gen_ai.operation.name", "value": { "stringValue": "execute_tool" } },
                  { "key": "gen_ai.tool.name", "value": { "stringValue": "t" } },
                  { "key": "user.tier", "value": { "doubleValue": 1.5 } },
                  { "key": "team.name", "value": { "bytesValue": "eA==" } } ] }
            ] }] }] }
        """;

    private static void AssertCaptured(NormalizedBatch batch)
    {
        Assert.Equal("""{"env":"prod","team":"search","tier":"3"}""", Assert.Single(batch.LlmCalls).Dimensions);
        Assert.Equal("""{"env":"prod","team":"platform","tier":"true"}""", Assert.Single(batch.AgentRuns).Dimensions);
        // A bytes value is no label: the resource's team fills in.
        Assert.Equal("""{"env":"prod","team":"platform","tier":"1.5"}""", Assert.Single(batch.ToolCalls).Dimensions);
    }

    [Fact]
    public void Protobuf_CapturesConfiguredAttributes_SpanBeforeResource() =>
        AssertCaptured(Protobuf(ProtobufExport(), Dimensions));

    [Fact]
    public void Json_CapturesConfiguredAttributes_SpanBeforeResource() => AssertCaptured(Json(JsonExport, Dimensions));

    [Fact]
    public void WithoutDimensions_NothingIsCaptured()
    {
        var fromProtobuf = Protobuf(ProtobufExport(), null);
        var fromJson = Json(JsonExport, null);

        Assert.All<CostWatch.Core.Records.TelemetryRecord>([.. fromProtobuf.LlmCalls, .. fromProtobuf.AgentRuns, .. fromProtobuf.ToolCalls,
            .. fromJson.LlmCalls, .. fromJson.AgentRuns, .. fromJson.ToolCalls], record => Assert.Null(record.Dimensions));
    }

    [Fact]
    public void Json_MalformedValueOfAConfiguredKey_FailsNamingThePath()
    {
        var json = JsonExport.Replace("""{ "intValue": "3" }""", """{ "intValue": "three" }""", StringComparison.Ordinal);

        var error = Assert.Throws<OtlpFormatException>(() => Json(json, Dimensions));

        Assert.Equal("""resourceSpans[0].scopeSpans[0].spans[0].attributes[2].value.intValue: a string "three" is not a valid intValue""", error.Message);
    }
}

using System.Text;
using CostWatch.Core.Ingest;
using CostWatch.Core.Records;
using CostWatch.Worker.Ingest.Otlp;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.Ingest.Otlp;

public sealed class OtlpJsonDecoderTests
{
    [Fact]
    public void Decode_LlmSpan_ReadsHexIdsTimesStatusAndAttributes()
    {
        // Upper-case hex, int64 both as string and as number, status as enum name, the resource after
        // scopeSpans, and unknown members at every level.
        const string json = """
            {
              "resourceSpans": [{
                "schemaUrl": "https://opentelemetry.io/schemas/1.27.0",
                "scopeSpans": [{
                  "scope": { "name": "openai", "attributes": [{ "key": "service.name", "value": { "stringValue": "scope" } }] },
                  "spans": [{
                    "traceId": "0AF7651916CD43DD8448EB211C80319C",
                    "spanId": "1122334455667788",
                    "parentSpanId": "b7ad6b7169203331",
                    "traceState": "vendor=1",
                    "name": "chat gpt-4o",
                    "kind": 3,
                    "flags": 769,
                    "startTimeUnixNano": "1748779140000000123",
                    "endTimeUnixNano": 1748779141500000123,
                    "attributes": [
                      { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
                      { "key": "gen_ai.request.model", "value": { "stringValue": "gpt-4o" } },
                      { "key": "gen_ai.usage.input_tokens", "value": { "intValue": "1200" } },
                      { "key": "gen_ai.usage.output_tokens", "value": { "intValue": 300 } },
                      { "key": "gen_ai.usage.cost", "value": { "doubleValue": 0.0125 } },
                      { "key": "gen_ai.input.messages", "value": { "stringValue": "[{\"role\":\"user\"}]" } },
                      { "key": "http.method", "value": { "stringValue": "POST" }, "extra": true }
                    ],
                    "droppedAttributesCount": 0,
                    "events": [{ "name": "x", "attributes": [{ "key": "gen_ai.request.model", "value": { "stringValue": "event-model" } }] }],
                    "links": [{ "traceId": "not-hex", "spanId": "" }],
                    "status": { "message": "boom", "code": "STATUS_CODE_ERROR" }
                  }]
                }],
                "resource": {
                  "attributes": [{ "key": "service.name", "value": { "stringValue": "support-bot" } }],
                  "droppedAttributesCount": 0
                }
              }]
            }
            """;

        var batch = DecodeJson(json);

        Assert.Empty(batch.Rejections);
        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal(TraceGuid, call.TraceId);
        Assert.Equal(0x1122334455667788UL, call.SpanId);
        Assert.Equal(0xb7ad6b7169203331UL, call.ParentSpanId);
        Assert.Equal(ReceivedAt.AddMinutes(-1), call.StartTime);
        Assert.Equal(ReceivedAt.AddMinutes(-1).AddSeconds(1.5), call.EndTime);
        Assert.Equal(SpanStatus.Error, call.Status);
        Assert.Equal("gpt-4o", call.RequestModel);
        Assert.Equal(1200, call.InputTokens);
        Assert.Equal(300, call.OutputTokens);
        Assert.Equal(0.0125m, call.ReportedCostUsd);
        Assert.Equal("support-bot", call.ServiceName);
    }

    [Fact]
    public void Decode_StatusCodeAsIntegerAndBoolValue_ReadsBoth()
    {
        var json = OneSpan("""
            "name": "agent.tool_call",
            "status": { "code": 2 },
            "attributes": [
              { "key": "tool.name", "value": { "stringValue": "search" } },
              { "key": "tool.success", "value": { "boolValue": true } }
            ]
            """);

        var tool = Assert.Single(DecodeJson(json).ToolCalls);

        Assert.Equal(SpanStatus.Error, tool.Status);
        Assert.Equal("search", tool.ToolName);
        Assert.True(tool.Success);
    }

    [Fact]
    public void Decode_NegativeIntValueAsString_KeepsTheSign()
    {
        var json = OneSpan("""
            "attributes": [
              { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
              { "key": "gen_ai.usage.input_tokens", "value": { "intValue": "-5" } }
            ]
            """);

        var rejection = Assert.Single(DecodeJson(json).Rejections);

        Assert.Contains("'-5'", rejection.Reason);
    }

    [Theory]
    [InlineData("""{ "arrayValue": { "values": [{ "intValue": "1" }] } }""")]
    [InlineData("""{ "kvlistValue": { "values": [] } }""")]
    [InlineData("""{ "bytesValue": "MC41" }""")]
    public void Decode_NonScalarValueOfKnownKey_RecordsOtherKind(string value)
    {
        var json = OneSpan($$"""
            "attributes": [
              { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
              { "key": "gen_ai.usage.cost", "value": {{value}} }
            ]
            """);

        var rejection = Assert.Single(DecodeJson(json).Rejections);

        Assert.Equal("gen_ai.usage.cost is not a non-negative amount: 'Other'", rejection.Reason);
    }

    [Fact]
    public void Decode_NullAndEmptyMembers_AreAbsent()
    {
        var json = OneSpan("""
            "parentSpanId": "",
            "status": null,
            "attributes": [
              { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
              { "key": "gen_ai.usage.cost", "value": {} },
              { "key": "gen_ai.request.model", "value": { "stringValue": null } }
            ]
            """);

        var call = Assert.Single(DecodeJson(json).LlmCalls);

        Assert.Equal(0UL, call.ParentSpanId);
        Assert.Null(call.ReportedCostUsd);
        Assert.Null(call.RequestModel);
        Assert.Equal(SpanStatus.Unset, call.Status);
    }

    [Fact]
    public void Decode_UnknownKeyWithMalformedValue_IsIgnored()
    {
        var json = OneSpan("""
            "attributes": [
              { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
              { "key": "http.status_code", "value": { "intValue": "not a number" } }
            ]
            """);

        Assert.Single(DecodeJson(json).LlmCalls);
    }

    [Fact]
    public void Decode_InvalidHexTraceId_RejectsOnlyThatSpan()
    {
        const string json = """
            { "resourceSpans": [{ "scopeSpans": [{ "spans": [
              { "traceId": "0af7651916cd43dd8448eb211c80319z", "spanId": "0000000000000001",
                "startTimeUnixNano": "1748779140000000000", "endTimeUnixNano": "1748779140000000000" },
              { "traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "0000000000000002",
                "startTimeUnixNano": "1748779140000000000", "endTimeUnixNano": "1748779140000000000" }
            ] }] }] }
            """;

        var batch = DecodeJson(json);

        var rejection = Assert.Single(batch.Rejections);
        Assert.Equal("0000000000000001", rejection.SpanIdHex);
        Assert.Equal("traceId: '0af7651916cd43dd8448eb211c80319z' is not 32 hex digits", rejection.Reason);
        Assert.Equal(2UL, Assert.Single(batch.Links).SpanId);
    }

    [Theory]
    [InlineData("\"spanId\": \"abc\"", "spanId: 'abc' is not 16 hex digits")]
    [InlineData("\"spanId\": \"00000000000000000000000000000001\"", "span id has 16 bytes, expected 8")]
    [InlineData("\"parentSpanId\": \"0102\"", "parent span id has 2 bytes, expected 8")]
    public void Decode_BadSpanIds_RejectTheSpanWithTheReason(string idMember, string reason)
    {
        var json = OneSpan(idMember + ", \"name\": \"x\"");

        var rejection = Assert.Single(DecodeJson(json).Rejections);

        Assert.Equal(reason, rejection.Reason);
    }

    [Theory]
    [InlineData("""{"resourceSpans": [}""")]
    [InlineData("""{"resourceSpans": []} {}""")]
    [InlineData("")]
    public void Decode_MalformedJson_ThrowsWithByteOffset(string json)
    {
        var error = Assert.Throws<OtlpFormatException>(() => DecodeJson(json));

        Assert.StartsWith("invalid JSON at byte ", error.Message);
    }

    [Fact]
    public void Decode_MalformedJsonOnSecondLine_ReportsOffsetInWholeBody()
    {
        var error = Assert.Throws<OtlpFormatException>(() => DecodeJson("{\n  \"a\": x}"));

        Assert.StartsWith("invalid JSON at byte 9:", error.Message);
    }

    [Theory]
    [InlineData("""[]""", "$: expected an object, got an array")]
    [InlineData("""{"resourceSpans": {}}""", "resourceSpans: expected an array, got an object")]
    [InlineData("""{"resourceSpans": [1]}""", "resourceSpans[0]: expected an object, got a number 1")]
    [InlineData("""{"resourceSpans": [{"scopeSpans": [{"spans": "x"}]}]}""",
        "resourceSpans[0].scopeSpans[0].spans: expected an array, got a string \"x\"")]
    [InlineData("""{"resourceSpans": [{}, {"resource": {"attributes": [{"key": 5}]}}]}""",
        "resourceSpans[1].resource.attributes[0].key: expected a string, got a number 5")]
    public void Decode_WrongShape_ThrowsNamingThePath(string json, string message)
    {
        var error = Assert.Throws<OtlpFormatException>(() => DecodeJson(json));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("\"startTimeUnixNano\": \"12x\"", "spans[0].startTimeUnixNano: a string \"12x\" is not an unsigned 64-bit integer")]
    [InlineData("\"endTimeUnixNano\": -1", "spans[0].endTimeUnixNano: a number -1 is not an unsigned 64-bit integer")]
    [InlineData("\"status\": { \"code\": \"BOGUS\" }", "spans[0].status.code: a string \"BOGUS\" is not a status code")]
    [InlineData("\"traceId\": 12", "spans[0].traceId: expected a string, got a number 12")]
    [InlineData(
        "\"attributes\": [{ \"key\": \"gen_ai.usage.input_tokens\", \"value\": { \"intValue\": \"1e3\" } }]",
        "spans[0].attributes[0].value.intValue: a string \"1e3\" is not a valid intValue")]
    [InlineData(
        "\"attributes\": [{ \"key\": \"tool.success\", \"value\": { \"boolValue\": \"yes\" } }]",
        "spans[0].attributes[0].value.boolValue: a string \"yes\" is not a valid boolValue")]
    public void Decode_WrongValueInSpan_ThrowsNamingThePath(string member, string messageEnd)
    {
        var json = OneSpan(member);

        var error = Assert.Throws<OtlpFormatException>(() => DecodeJson(json));

        Assert.Equal("resourceSpans[0].scopeSpans[0]." + messageEnd, error.Message);
    }

    [Fact]
    public void Decode_InvalidUtf8InString_ThrowsWithByteOffset()
    {
        var body = Encoding.UTF8.GetBytes(OneSpan("\"name\": \"chat#\""));
        var at = Array.IndexOf(body, (byte)'#');
        body[at] = 0xC3;

        var error = Assert.Throws<OtlpFormatException>(() => OtlpJsonDecoder.Decode(body,
            new SpanNormalizer(new IngestLimits(), ReceivedAt)));

        Assert.Equal($"invalid JSON at byte {at}: not valid UTF-8", error.Message);
    }

    [Theory]
    [InlineData("\"name\": \"\\ud800\"")]
    [InlineData("\"traceId\": \"\\udc00\"")]
    [InlineData("\"attributes\": [{ \"key\": \"http.url\", \"value\": { \"stringValue\": \"a\\ud800b\" } }]")]
    [InlineData("\"unknownMember\\ud800\": 1")]
    public void Decode_UnpairedSurrogateEscapeAnywhere_ThrowsWithByteOffset(string member)
    {
        var json = OneSpan(member);
        // The body is ASCII, so a character index is a byte offset; the error points at the string's opening quote.
        var tokenStart = json.LastIndexOf('"', json.IndexOf("\\ud", StringComparison.Ordinal));

        var error = Assert.Throws<OtlpFormatException>(() => DecodeJson(json));

        Assert.StartsWith($"invalid JSON at byte {tokenStart}: ", error.Message);
    }

    [Fact]
    public void Decode_NoResourceSpans_DecodesNoSpans()
    {
        var normalizer = new SpanNormalizer(new IngestLimits(), ReceivedAt);

        OtlpJsonDecoder.Decode("""{"resourceSpans": null, "other": [1, 2]}"""u8, normalizer);

        Assert.Equal(0, normalizer.SpanCount);
    }

    /// <summary>A request with one span: valid ids and times, then <paramref name="members"/> (later keys win).</summary>
    private static string OneSpan(string members) => $$"""
        { "resourceSpans": [{ "scopeSpans": [{ "spans": [{
          "traceId": "0af7651916cd43dd8448eb211c80319c",
          "spanId": "00000000000000aa",
          "startTimeUnixNano": "1748779140000000000",
          "endTimeUnixNano": "1748779141000000000",
          {{members}}
        }] }] }] }
        """;
}

using System.Text;
using CostWatch.Core.Ingest;
using CostWatch.Core.Records;
using CostWatch.Core.Telemetry;
using CostWatch.Otlp.Proto;
using CostWatch.Worker.Ingest.Otlp;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.Ingest.Otlp;

public sealed class OtlpProtobufDecoderTests
{
    [Fact]
    public void Decode_LlmSpan_ReadsIdsTimesStatusAndScalarAttributes()
    {
        var span = NewSpan(0x1122334455667788, "chat gpt-4o",
            Attr("gen_ai.operation.name", "chat"),
            Attr("gen_ai.provider.name", "openai"),
            Attr("gen_ai.request.model", "gpt-4o"),
            Attr("gen_ai.response.model", "gpt-4o-2024-08-06"),
            Attr("gen_ai.usage.input_tokens", 1200L),
            Attr("gen_ai.usage.output_tokens", 300.0),
            Attr("gen_ai.usage.cache_read.input_tokens", 200L),
            Attr("error.type", "timeout"),
            Attr("user.id", "u-7"));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "upstream timed out" };
        var request = Request(ResourceWith(Attr("service.name", "support-bot"), Attr("deployment.environment.name", "prod")), span);

        var batch = DecodeProtobuf(request.ToByteArray());

        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal(TraceGuid, call.TraceId);
        Assert.Equal(0x1122334455667788UL, call.SpanId);
        Assert.Equal(0xb7ad6b7169203331UL, call.ParentSpanId);
        Assert.Equal(ReceivedAt.AddMinutes(-1), call.StartTime);
        Assert.Equal(ReceivedAt.AddMinutes(-1).AddSeconds(1.5), call.EndTime);
        Assert.Equal(SpanStatus.Error, call.Status);
        Assert.Equal("chat", call.Operation);
        Assert.Equal("openai", call.Provider);
        Assert.Equal("gpt-4o", call.RequestModel);
        Assert.Equal("gpt-4o-2024-08-06", call.ResponseModel);
        Assert.Equal(1200, call.InputTokens);
        Assert.Equal(300, call.OutputTokens);
        Assert.Equal(200, call.CacheReadTokens);
        Assert.Equal("timeout", call.ErrorType);
        Assert.Equal("u-7", call.UserId);
        Assert.Equal("support-bot", call.ServiceName);
        Assert.Equal("prod", call.Environment);
        Assert.Empty(batch.Rejections);
    }

    [Fact]
    public void Decode_ToolCallSpanName_ReadsNameAndBoolAttribute()
    {
        var request = Request(null, NewSpan(2, "agent.tool_call",
            Attr("gen_ai.tool.name", "search"),
            Attr("tool.success", false)));

        var batch = DecodeProtobuf(request.ToByteArray());

        var tool = Assert.Single(batch.ToolCalls);
        Assert.Equal("search", tool.ToolName);
        Assert.False(tool.Success);
    }

    [Fact]
    public void Decode_AgentRunSpanName_ReadsAgentAttributesAndIntIterations()
    {
        var span = NewSpan(3, "agent.run", Attr("gen_ai.agent.name", "planner"), Attr("agent.iterations", 7L),
            Attr("session.id", "s-1"));
        span.ParentSpanId = ByteString.Empty;

        var batch = DecodeProtobuf(Request(null, span).ToByteArray());

        var run = Assert.Single(batch.AgentRuns);
        Assert.Equal("planner", run.AgentName);
        Assert.Equal(7, run.ReportedIterations);
        Assert.Equal("s-1", run.SessionId);
        Assert.Equal(0UL, run.ParentSpanId);
    }

    [Fact]
    public void Decode_NegativeIntValue_KeepsTheSign()
    {
        var request = Request(null, NewSpan(4, "chat", Attr("gen_ai.operation.name", "chat"),
            Attr("gen_ai.usage.input_tokens", -5L)));

        var batch = DecodeProtobuf(request.ToByteArray());

        var rejection = Assert.Single(batch.Rejections);
        Assert.Contains("gen_ai.usage.input_tokens", rejection.Reason);
        Assert.Contains("'-5'", rejection.Reason);
    }

    public static TheoryData<string> NonScalarValues => new() { "array", "kvlist", "bytes" };

    [Theory]
    [MemberData(nameof(NonScalarValues))]
    public void Decode_NonScalarValueOfKnownKey_RecordsOtherKind(string kind)
    {
        var value = kind switch
        {
            "array" => new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 } } } },
            "kvlist" => new AnyValue
            {
                KvlistValue = new KeyValueList { Values = { Attr("gen_ai.usage.cost", 0.5) } },
            },
            _ => new AnyValue { BytesValue = ByteString.CopyFromUtf8("0.5") },
        };
        var request = Request(null, NewSpan(5, "chat", Attr("gen_ai.operation.name", "chat"),
            Attr("gen_ai.usage.cost", value)));

        var batch = DecodeProtobuf(request.ToByteArray());

        // The normaliser can only name the kind: the value was recorded as present but not read.
        var rejection = Assert.Single(batch.Rejections);
        Assert.Equal("gen_ai.usage.cost is not a non-negative amount: 'Other'", rejection.Reason);
    }

    [Fact]
    public void Decode_KnownKeyWithEmptyAnyValue_TreatsAttributeAsAbsent()
    {
        var request = Request(null, NewSpan(6, "chat", Attr("gen_ai.operation.name", "chat"),
            Attr("gen_ai.usage.cost", new AnyValue())));

        var batch = DecodeProtobuf(request.ToByteArray());

        var call = Assert.Single(batch.LlmCalls);
        Assert.Null(call.ReportedCostUsd);
    }

    [Fact]
    public void Decode_UnknownAttributes_AreSkippedWithoutReadingTheirValues()
    {
        // An unknown attribute whose AnyValue is itself malformed (a truncated varint): a decoder that looked
        // into values of keys it does not read would throw.
        var malformedValue = ProtoBytes.Message(9,
            ProtoBytes.String(1, "gen_ai.input.messages"),
            ProtoBytes.Message(2, [0x18, 0xFF, 0xFF]));
        var span = NewSpan(7, "chat", Attr("gen_ai.operation.name", "chat"), Attr("http.method", "POST"),
            Attr("gen_ai.request.model.extra", "not-a-model"), Attr("gen_ai.request.model", "claude-sonnet-4"));
        var body = ProtoBytes.RequestWithSpan(span.ToByteArray(), malformedValue);

        var batch = DecodeProtobuf(body);

        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal("claude-sonnet-4", call.RequestModel);
    }

    [Fact]
    public void MayBeKnownKey_EveryKnownName_PassesTheFilter()
    {
        foreach (var name in GenAiAttributeNames.All)
        {
            Assert.True(OtlpProtobufDecoder.MayBeKnownKey(Encoding.UTF8.GetBytes(name)), name);
        }

        Assert.False(OtlpProtobufDecoder.MayBeKnownKey([]));
    }

    [Fact]
    public void Decode_ValueBeforeKeyInKeyValue_ReadsAttribute()
    {
        var body = ProtoBytes.RequestWithSpan(
            NewSpan(8, "chat", Attr("gen_ai.operation.name", "chat")).ToByteArray(),
            ProtoBytes.Message(9, ProtoBytes.Message(2, ProtoBytes.String(1, "o3-mini")),
                ProtoBytes.String(1, "gen_ai.request.model")));

        var batch = DecodeProtobuf(body);

        Assert.Equal("o3-mini", Assert.Single(batch.LlmCalls).RequestModel);
    }

    [Fact]
    public void Decode_ResourceAfterScopeSpans_AppliesResourceAttributes()
    {
        var span = NewSpan(9, "chat", Attr("gen_ai.operation.name", "chat"));
        var scopeSpans = new ScopeSpans { Spans = { span } };
        var resource = ResourceWith(Attr("service.name", "late-resource"), Attr("gen_ai.agent.name", "triage"));
        var body = ProtoBytes.Message(1,
            ProtoBytes.Message(2, scopeSpans.ToByteArray()),
            ProtoBytes.Message(1, resource.ToByteArray()));

        var batch = DecodeProtobuf(body);

        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal("late-resource", call.ServiceName);
        Assert.Equal("triage", call.AgentName);
    }

    [Fact]
    public void Decode_SecondResourceSpans_DoesNotInheritFirstResource()
    {
        var request = Request(ResourceWith(Attr("service.name", "first")), NewSpan(10, "chat", Attr("gen_ai.operation.name", "chat")));
        request.ResourceSpans.Add(Request(null, NewSpan(11, "chat", Attr("gen_ai.operation.name", "chat"))).ResourceSpans);

        var batch = DecodeProtobuf(request.ToByteArray());

        Assert.Equal(2, batch.LlmCalls.Count);
        Assert.Equal("first", batch.LlmCalls.Single(c => c.SpanId == 10).ServiceName);
        Assert.Null(batch.LlmCalls.Single(c => c.SpanId == 11).ServiceName);
    }

    [Fact]
    public void Decode_EventsLinksScopeAndOtherSpanFields_AreSkipped()
    {
        var span = NewSpan(12, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.request.model", "span-model"));
        span.TraceState = "vendor=1";
        span.Kind = SpanKind.Client;
        span.Flags = 0x301;
        span.DroppedAttributesCount = 3;
        span.Events.Add(new Span.Types.Event
        {
            Name = "gen_ai.content.prompt",
            TimeUnixNano = StartNanos,
            Attributes = { Attr("gen_ai.request.model", "event-model"), Attr("gen_ai.usage.input_tokens", 99L) },
        });
        span.Links.Add(new Span.Types.Link
        {
            TraceId = ByteString.CopyFrom(new byte[16]),
            SpanId = ByteString.CopyFrom(new byte[3]),
            Attributes = { Attr("gen_ai.agent.name", "link-agent") },
        });
        var request = Request(null, span);
        request.ResourceSpans[0].ScopeSpans[0].Scope = new InstrumentationScope
        {
            Name = "openai-instrumentation",
            Attributes = { Attr("service.name", "scope-service") },
        };
        request.ResourceSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.27.0";

        var batch = DecodeProtobuf(request.ToByteArray());

        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal("span-model", call.RequestModel);
        Assert.Equal(0, call.InputTokens);
        Assert.Null(call.AgentName);
        Assert.Null(call.ServiceName);
        Assert.Empty(batch.Rejections);
    }

    [Fact]
    public void Decode_WrongLengthTraceId_RejectsThatSpanAndKeepsTheOthers()
    {
        var bad = NewSpan(13, "chat", Attr("gen_ai.operation.name", "chat"));
        bad.TraceId = ByteString.CopyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var request = Request(null, bad, NewSpan(14, "chat", Attr("gen_ai.operation.name", "chat")));

        var batch = DecodeProtobuf(request.ToByteArray());

        Assert.Equal(14UL, Assert.Single(batch.LlmCalls).SpanId);
        var rejection = Assert.Single(batch.Rejections);
        Assert.Equal("trace id has 8 bytes, expected 16", rejection.Reason);
    }

    [Fact]
    public void Decode_KnownFieldWithUnexpectedWireType_SkipsItAsUnknown()
    {
        // start_time_unix_nano (7) as a varint instead of fixed64: not the field a parser knows, so skipped.
        var span = NewSpan(15, "chat", Attr("gen_ai.operation.name", "chat"));
        span.StartTimeUnixNano = 0;
        var body = ProtoBytes.RequestWithSpan(span.ToByteArray(), ProtoBytes.VarintField(7, StartNanos));

        var batch = DecodeProtobuf(body);

        Assert.Equal("start time is missing", Assert.Single(batch.Rejections).Reason);
    }

    [Fact]
    public void Decode_UnknownGroupField_IsSkipped()
    {
        var span = NewSpan(16, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.request.model", "m"));
        var group = ProtoBytes.Concat(
            ProtoBytes.Tag(20, 3),
            ProtoBytes.VarintField(1, 300),
            ProtoBytes.Tag(21, 3), ProtoBytes.Fixed64Field(2, 1), ProtoBytes.Tag(21, 4),
            ProtoBytes.String(3, "nested"),
            ProtoBytes.Tag(20, 4));
        var body = ProtoBytes.RequestWithSpan(group, span.ToByteArray());

        var batch = DecodeProtobuf(body);

        Assert.Equal("m", Assert.Single(batch.LlmCalls).RequestModel);
    }

    [Fact]
    public void Decode_EmptyBody_DecodesNoSpans()
    {
        var normalizer = new SpanNormalizer(new IngestLimits(), ReceivedAt);

        OtlpProtobufDecoder.Decode([], normalizer);

        Assert.Equal(0, normalizer.SpanCount);
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsFormatException()
    {
        var body = Request(ResourceWith(Attr("service.name", "svc")),
            NewSpan(17, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.usage.input_tokens", 1000L))).ToByteArray();

        // One resource_spans field spans the whole body, so every non-empty proper prefix cuts it short.
        for (var length = 1; length < body.Length; length++)
        {
            var prefix = body[..length];
            Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(prefix));
        }
    }

    [Fact]
    public void Decode_TruncatedTopLevelMessage_NamesFieldLengthAndOffset()
    {
        var body = Request(null, NewSpan(18, "chat")).ToByteArray();
        var declaredLength = body[1];

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body[..^1]));

        Assert.Equal(
            $"ExportTraceServiceRequest.resource_spans: length {declaredLength} runs past the end of the message at offset 1",
            error.Message);
    }

    [Fact]
    public void Decode_NestedLengthPastItsParent_ReportsOffsetInWholeBody()
    {
        // resource_spans holds 4 bytes: a scope_spans tag, then a length of 5000 (2 bytes), then one byte.
        byte[] body = [0x0A, 0x04, 0x12, 0x88, 0x27, 0x00];

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.Equal("ResourceSpans.scope_spans: length 5000 runs past the end of the message at offset 3", error.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Decode_InvalidWireType_Throws(int wireType)
    {
        var body = ProtoBytes.RequestWithSpan(ProtoBytes.Tag(20, wireType), [0, 0, 0, 0]);

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.Equal($"Span field 20: invalid wire type {wireType} at offset 6", error.Message);
    }

    [Fact]
    public void Decode_EndGroupWithoutStartGroup_Throws()
    {
        var body = ProtoBytes.RequestWithSpan(ProtoBytes.Tag(20, 4));

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.Contains("end-group without a matching start-group", error.Message);
    }

    [Fact]
    public void Decode_GroupClosedByAnotherField_Throws()
    {
        var body = ProtoBytes.RequestWithSpan(ProtoBytes.Tag(20, 3), ProtoBytes.Tag(21, 4));

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.Contains("closed by an end-group of field 21", error.Message);
    }

    [Fact]
    public void Decode_UnterminatedGroup_Throws()
    {
        var body = ProtoBytes.RequestWithSpan(ProtoBytes.Tag(20, 3), ProtoBytes.VarintField(1, 5));

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.Contains("has no end-group", error.Message);
    }

    [Fact]
    public void Decode_FieldNumberZero_Throws()
    {
        var body = ProtoBytes.RequestWithSpan([0x02, 0x00]);

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.StartsWith("Span: field number 0", error.Message);
    }

    [Fact]
    public void Decode_VarintLongerThanTenBytes_Throws()
    {
        byte[] elevenByteVarint = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var body = ProtoBytes.RequestWithSpan(ProtoBytes.Message(15, ProtoBytes.Tag(3, 0), elevenByteVarint));

        var error = Assert.Throws<OtlpFormatException>(() => DecodeProtobuf(body));

        Assert.Contains("varint longer than 10 bytes", error.Message);
    }
}

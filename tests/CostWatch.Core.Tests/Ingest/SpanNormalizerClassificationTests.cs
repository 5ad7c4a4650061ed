using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Ingest;

public sealed class SpanNormalizerClassificationTests
{
    [Theory]
    [InlineData("chat")]
    [InlineData("text_completion")]
    [InlineData("generate_content")]
    [InlineData("embeddings")]
    public void InferenceOperations_BecomeLlmCalls(string operation)
    {
        var batch = new SpanFactory().Span(1, attributes: [("gen_ai.operation.name", operation)]).Complete();
        Assert.Equal(operation, Assert.Single(batch.LlmCalls).Operation);
    }

    [Theory]
    [InlineData("LLM", "chat")]
    [InlineData("EMBEDDING", "embeddings")]
    public void OpenInferenceKinds_BecomeLlmCalls(string kind, string operation)
    {
        var batch = new SpanFactory().Span(1, attributes: [("openinference.span.kind", kind)]).Complete();
        Assert.Equal(operation, Assert.Single(batch.LlmCalls).Operation);
    }

    [Fact]
    public void PreOperationConventions_SystemAndModel_BecomeLlmCalls()
    {
        var batch = new SpanFactory()
            .Span(1, attributes: [("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o")]).Complete();
        Assert.Single(batch.LlmCalls);
    }

    [Theory]
    [InlineData("gen_ai.operation.name", "invoke_agent")]
    [InlineData("openinference.span.kind", "AGENT")]
    public void AgentOperations_BecomeRuns(string key, string value)
    {
        var batch = new SpanFactory().Span(1, attributes: [(key, value), ("gen_ai.agent.name", "planner")]).Complete();
        Assert.Equal("planner", Assert.Single(batch.AgentRuns).AgentName);
    }

    [Fact]
    public void LegacyAgentRunRootSpan_BecomesRunWithIterations()
    {
        var batch = new SpanFactory()
            .Span(1, name: "agent.run",
                attributes: [("gen_ai.agent.name", "researcher"), ("session.id", "s1"), ("agent.iterations", 7)])
            .Complete();
        var run = Assert.Single(batch.AgentRuns);
        Assert.Equal(7, run.ReportedIterations);
        Assert.Equal("s1", run.SessionId);
    }

    [Fact]
    public void NonRootSpanWithOnlyAnAgentName_IsNotARun()
    {
        var batch = new SpanFactory().Span(2, parent: 1, attributes: [("gen_ai.agent.name", "x")]).Complete();
        Assert.Empty(batch.AgentRuns);
        Assert.Single(batch.Links);
    }

    [Theory]
    [InlineData("gen_ai.operation.name", "execute_tool", "span")]
    [InlineData("openinference.span.kind", "TOOL", "span")]
    [InlineData("gen_ai.tool.name", "search", "agent.tool_call")]
    public void ToolConventions_BecomeToolCalls(string key, string value, string name)
    {
        var batch = new SpanFactory().Span(1, name: name, attributes: [(key, value), ("tool.name", "search")]).Complete();
        Assert.Equal("search", Assert.Single(batch.ToolCalls).ToolName);
    }

    [Theory]
    [InlineData(true, 0, null, true)]
    [InlineData(false, 0, null, false)]
    [InlineData(null, 2, null, false)]
    [InlineData(null, 0, "timeout", false)]
    [InlineData(null, 1, null, true)]
    [InlineData(true, 2, null, true)]
    public void ToolSuccess_ComesFromToolSuccessElseStatusAndErrorType(bool? toolSuccess, int status,
        string? errorType, bool expected)
    {
        var attributes = new List<(string, object)> { ("gen_ai.operation.name", "execute_tool") };
        if (toolSuccess is { } s)
        {
            attributes.Add(("tool.success", s));
        }

        if (errorType is not null)
        {
            attributes.Add(("error.type", errorType));
        }

        var batch = new SpanFactory().Span(1, status: status, attributes: [.. attributes]).Complete();
        Assert.Equal(expected, Assert.Single(batch.ToolCalls).Success);
    }

    [Fact]
    public void OtherSpans_KeepOnlyTheirParentLink()
    {
        var batch = new SpanFactory().Span(5, parent: 4, name: "HTTP GET").Complete();
        var link = Assert.Single(batch.Links);
        Assert.Equal((5UL, 4UL), (link.SpanId, link.ParentSpanId));
        Assert.Empty(batch.LlmCalls);
    }

    [Fact]
    public void InputBelowCacheTokens_IsTakenAsAnthropicsExclusiveConvention()
    {
        var batch = new SpanFactory().Span(1, attributes:
        [
            ("gen_ai.operation.name", "chat"), ("gen_ai.usage.input_tokens", 50),
            ("gen_ai.usage.cache_read.input_tokens", 1000),
        ]).Complete();
        Assert.Equal(TokenConvention.InputExcludesCache, Assert.Single(batch.LlmCalls).Convention);
    }

    [Fact]
    public void InputIncludingCacheTokens_IsOpenTelemetrysConvention()
    {
        var batch = new SpanFactory().Span(1, attributes:
        [
            ("gen_ai.operation.name", "chat"), ("gen_ai.usage.input_tokens", 1050),
            ("gen_ai.usage.cache_read.input_tokens", 1000),
        ]).Complete();
        Assert.Equal(TokenConvention.InputIncludesCache, Assert.Single(batch.LlmCalls).Convention);
    }

    [Fact]
    public void Times_AreKeptToTheMicrosecond()
    {
        var start = new DateTime(2026, 11, 24, 11, 59, 0, DateTimeKind.Utc).AddTicks(1234567);
        var batch = new SpanFactory().Span(1, start: start, duration: TimeSpan.FromTicks(15),
            attributes: [("gen_ai.operation.name", "chat")]).Complete();
        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal(start.AddTicks(-7), call.StartTime);
        Assert.Equal(DateTimeKind.Utc, call.StartTime.Kind);
        Assert.Equal(SpanFactory.Now, call.ReceivedAt);
    }
}

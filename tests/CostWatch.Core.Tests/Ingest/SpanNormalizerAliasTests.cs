using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Ingest;

/// <summary>Every attribute spelling of genai-telemetry.md section 2 lands in the right field.</summary>
public sealed class SpanNormalizerAliasTests
{
    private static LlmCall OneLlmCall(params (string, object)[] attributes)
    {
        var batch = new SpanFactory()
            .Span(1, attributes: [("gen_ai.operation.name", "chat"), .. attributes])
            .Complete();
        Assert.Empty(batch.Rejections);
        return Assert.Single(batch.LlmCalls);
    }

    [Theory]
    [InlineData("gen_ai.usage.input_tokens")]
    [InlineData("gen_ai.usage.prompt_tokens")]
    [InlineData("llm.token_count.prompt")]
    public void InputTokenAliases_AreRead(string key) => Assert.Equal(1234, OneLlmCall((key, 1234)).InputTokens);

    [Theory]
    [InlineData("gen_ai.usage.output_tokens")]
    [InlineData("gen_ai.usage.completion_tokens")]
    [InlineData("llm.token_count.completion")]
    public void OutputTokenAliases_AreRead(string key) => Assert.Equal(77, OneLlmCall((key, 77)).OutputTokens);

    [Theory]
    [InlineData("gen_ai.usage.cache_read.input_tokens")]
    [InlineData("llm.token_count.prompt_details.cache_read")]
    [InlineData("gen_ai.usage.prompt_tokens_details.cached_tokens")]
    public void CacheReadAliases_AreRead(string key) =>
        Assert.Equal(300, OneLlmCall(("gen_ai.usage.input_tokens", 1000), (key, 300)).CacheReadTokens);

    [Theory]
    [InlineData("gen_ai.usage.cache_write.input_tokens")]
    [InlineData("gen_ai.usage.cache_creation.input_tokens")]
    [InlineData("llm.token_count.prompt_details.cache_write")]
    [InlineData("gen_ai.usage.prompt_tokens_details.cache_creation_tokens")]
    public void CacheWriteAliases_AreRead(string key) =>
        Assert.Equal(200, OneLlmCall(("gen_ai.usage.input_tokens", 1000), (key, 200)).CacheWriteTokens);

    [Theory]
    [InlineData("gen_ai.usage.reasoning.output_tokens")]
    [InlineData("llm.token_count.completion_details.reasoning")]
    [InlineData("gen_ai.usage.reasoning_tokens")]
    [InlineData("gen_ai.usage.completion_tokens_details.reasoning_tokens")]
    public void ReasoningAliases_AreRead(string key) =>
        Assert.Equal(40, OneLlmCall(("gen_ai.usage.output_tokens", 100), (key, 40)).ReasoningTokens);

    [Theory]
    [InlineData("gen_ai.usage.cost")]
    [InlineData("llm.cost.total")]
    public void ReportedCostAliases_AreReadExactly(string key) =>
        Assert.Equal(0.0123m, OneLlmCall((key, 0.0123)).ReportedCostUsd);

    [Fact]
    public void ReportedCost_AsString_IsReadExactly() =>
        Assert.Equal(0.000000123456789m, OneLlmCall(("gen_ai.usage.cost", "0.000000123456789")).ReportedCostUsd);

    [Theory]
    [InlineData("gen_ai.provider.name", "openai", "openai")]
    [InlineData("gen_ai.system", "xai", "x_ai")]
    [InlineData("gen_ai.system", "az.ai.openai", "azure.ai.openai")]
    [InlineData("gen_ai.system", "vertex_ai", "gcp.vertex_ai")]
    [InlineData("gen_ai.system", "gemini", "gcp.gemini")]
    [InlineData("llm.provider", "anthropic", "anthropic")]
    [InlineData("llm.system", "openai", "openai")]
    public void ProviderAliases_AreReadAndRenamed(string key, string value, string expected) =>
        Assert.Equal(expected, OneLlmCall((key, value)).Provider);

    [Fact]
    public void Provider_PrefersTheNewestSpelling() =>
        Assert.Equal("anthropic", OneLlmCall(("gen_ai.system", "openai"), ("gen_ai.provider.name", "anthropic")).Provider);

    [Theory]
    [InlineData("gen_ai.request.model")]
    [InlineData("llm.model_name")]
    [InlineData("llm.request.model_name")]
    [InlineData("embedding.model_name")]
    public void RequestModelAliases_AreRead(string key) => Assert.Equal("m-1", OneLlmCall((key, "m-1")).RequestModel);

    [Theory]
    [InlineData("gen_ai.response.model")]
    [InlineData("llm.response.model_name")]
    public void ResponseModelAliases_AreRead(string key) => Assert.Equal("m-2", OneLlmCall((key, "m-2")).ResponseModel);

    [Theory]
    [InlineData("gen_ai.conversation.id")]
    [InlineData("session.id")]
    public void SessionAliases_AreRead(string key) => Assert.Equal("s-1", OneLlmCall((key, "s-1")).SessionId);

    [Theory]
    [InlineData("user.id")]
    [InlineData("enduser.id")]
    public void UserAliases_AreRead(string key) => Assert.Equal("u-1", OneLlmCall((key, "u-1")).UserId);

    [Theory]
    [InlineData("gen_ai.agent.name")]
    [InlineData("agent.name")]
    [InlineData("gen_ai.agent.id")]
    public void AgentAliases_AreRead(string key) => Assert.Equal("planner", OneLlmCall((key, "planner")).AgentName);

    [Fact]
    public void AgentName_IsPreferredOverAgentId()
    {
        var call = OneLlmCall(("gen_ai.agent.id", "agent-42"), ("gen_ai.agent.name", "planner"));
        Assert.Equal("planner", call.AgentName);
        Assert.Equal("agent-42", call.AgentId);
    }

    [Theory]
    [InlineData("gen_ai.tool.name", "tool.id")]
    [InlineData("tool.name", "gen_ai.tool.call.id")]
    public void ToolAliases_AreRead(string nameKey, string idKey)
    {
        var batch = new SpanFactory()
            .Span(1, attributes: [("gen_ai.operation.name", "execute_tool"), (nameKey, "search"), (idKey, "call-7")])
            .Complete();
        var tool = Assert.Single(batch.ToolCalls);
        Assert.Equal("search", tool.ToolName);
        Assert.Equal("call-7", tool.CallId);
    }

    [Theory]
    [InlineData("deployment.environment")]
    [InlineData("deployment.environment.name")]
    public void ResourceAttributes_GiveServiceAndEnvironment(string environmentKey)
    {
        var batch = new SpanFactory()
            .Resource(("service.name", "support-bot"), (environmentKey, "prod"))
            .Span(1, attributes: [("gen_ai.operation.name", "chat")])
            .Complete();
        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal("support-bot", call.ServiceName);
        Assert.Equal("prod", call.Environment);
    }

    [Theory]
    [InlineData(1234L)]
    [InlineData(1234.0)]
    [InlineData("1234")]
    public void TokenCounts_AcceptIntDoubleAndString(object value) =>
        Assert.Equal(1234, OneLlmCall(("gen_ai.usage.input_tokens", value)).InputTokens);
}

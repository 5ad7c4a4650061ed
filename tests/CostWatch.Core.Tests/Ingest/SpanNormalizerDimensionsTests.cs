using CostWatch.Core.Ingest;
using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Tests.Ingest;

/// <summary>Custom cost dimensions on every record: canonical JSON, span before resource, null when none.</summary>
public sealed class SpanNormalizerDimensionsTests
{
    private static readonly CostDimensions Dimensions = CostDimensions.From(new Dictionary<string, string>
    {
        ["tier"] = "user.tier",
        ["team"] = "team.name",
        ["env"] = "deployment.environment.name",
        ["cost_center"] = "team.name",
    })!;

    private static readonly (string, object)[] Chat = [("gen_ai.operation.name", "chat")];
    private static readonly (string, object)[] Run = [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "a")];
    private static readonly (string, object)[] Tool = [("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "t")];

    [Fact]
    public void EveryRecordKind_GetsCanonicalJson_KeysInOrdinalOrder()
    {
        var batch = new SpanFactory(Dimensions)
            .Resource(("service.name", "svc"), ("deployment.environment.name", "prod"))
            .Span(1, attributes: [.. Chat, ("team.name", "search"), ("user.tier", "gold")])
            .Span(2, attributes: [.. Run, ("team.name", "search")])
            .Span(3, attributes: [.. Tool, ("user.tier", "free")])
            .Complete();

        Assert.Equal("""{"cost_center":"search","env":"prod","team":"search","tier":"gold"}""", Assert.Single(batch.LlmCalls).Dimensions);
        Assert.Equal("""{"cost_center":"search","env":"prod","team":"search"}""", Assert.Single(batch.AgentRuns).Dimensions);
        Assert.Equal("""{"env":"prod","tier":"free"}""", Assert.Single(batch.ToolCalls).Dimensions);
    }

    [Fact]
    public void SpanAttribute_WinsOverResourceAttribute_ResourceFillsTheRest()
    {
        var batch = new SpanFactory(Dimensions)
            .Resource(("team.name", "platform"), ("user.tier", "free"), ("deployment.environment.name", "prod"))
            .Span(1, attributes: [.. Chat, ("team.name", "search"), ("deployment.environment.name", "staging")])
            .Span(2, attributes: Chat)
            .Complete();

        Assert.Equal(
        [
            """{"cost_center":"search","env":"staging","team":"search","tier":"free"}""",
            """{"cost_center":"platform","env":"prod","team":"platform","tier":"free"}""",
        ], batch.LlmCalls.Select(c => c.Dimensions));
    }

    [Fact]
    public void ResourceValues_DoNotLeakIntoTheNextResource()
    {
        var factory = new SpanFactory(Dimensions);
        factory.Resource(("team.name", "platform")).Span(1, attributes: Chat);
        factory.Resource(("service.name", "other")).Span(2, attributes: Chat);

        Assert.Equal(["""{"cost_center":"platform","team":"platform"}""", null],
            factory.Complete().LlmCalls.Select(c => c.Dimensions));
    }

    [Fact]
    public void NoDimensionCarried_IsNull_AndSpanValuesDoNotLeakIntoTheNextSpan()
    {
        var batch = new SpanFactory(Dimensions)
            .Span(1, attributes: [.. Chat, ("user.tier", "gold")])
            .Span(2, attributes: Chat)
            .Complete();

        Assert.Equal(["""{"tier":"gold"}""", null], batch.LlmCalls.Select(c => c.Dimensions));
    }

    [Fact]
    public void WithoutConfiguredDimensions_RecordsHaveNone()
    {
        var batch = new SpanFactory().Resource(("deployment.environment.name", "prod")).Span(1, attributes: Chat).Complete();

        Assert.Null(Assert.Single(batch.LlmCalls).Dimensions);
    }

    [Fact]
    public void NonStringValues_AreWrittenAsStrings_EmptyAndArrayValuesCountAsAbsent()
    {
        var batch = new SpanFactory(Dimensions)
            .Span(1, attributes: [.. Chat, ("user.tier", 3L), ("team.name", "")])
            .Span(2, attributes: [.. Chat, ("user.tier", 2.5), ("team.name", true)])
            .Span(3, attributes: [.. Chat, ("user.tier", AttributeValue.Other)])
            .Complete();

        Assert.Equal(
            ["""{"tier":"3"}""", """{"cost_center":"true","team":"true","tier":"2.5"}""", null],
            batch.LlmCalls.Select(c => c.Dimensions));
    }

    [Fact]
    public void Values_AreEscapedAsJson_AndLongOnesCutWithoutSplittingASurrogatePair()
    {
        var quoted = "a \"quoted\" \\ name\n ünïcödé 团队";
        var longValue = new string('x', CostDimensions.MaxValueLength - 1) + "😀" + "tail";

        var batch = new SpanFactory(Dimensions)
            .Span(1, attributes: [.. Chat, ("user.tier", quoted)])
            .Span(2, attributes: [.. Chat, ("user.tier", longValue)])
            .Complete();

        Assert.Equal("""{"tier":"a \"quoted\" \\ name\n ünïcödé 团队"}""", batch.LlmCalls[0].Dimensions);
        var cut = System.Text.Json.JsonDocument.Parse(batch.LlmCalls[1].Dimensions!).RootElement.GetProperty("tier").GetString();
        Assert.Equal(new string('x', CostDimensions.MaxValueLength - 1), cut);
    }

    [Fact]
    public void ValueOfExactlyTheCap_IsKeptWhole()
    {
        var value = new string('y', CostDimensions.MaxValueLength);

        var batch = new SpanFactory(Dimensions).Span(1, attributes: [.. Chat, ("user.tier", value + "z")]).Complete();

        Assert.Equal($$"""{"tier":"{{value}}"}""", Assert.Single(batch.LlmCalls).Dimensions);
    }
}

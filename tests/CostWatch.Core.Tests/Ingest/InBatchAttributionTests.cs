using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Ingest;

public sealed class InBatchAttributionTests
{
    [Fact]
    public void ChildrenBeforeTheirRun_InOneExport_AreAttributed()
    {
        // Children end (and are exported) before their parent: the run comes last.
        var batch = new SpanFactory()
            .Span(3, parent: 2, attributes: [("gen_ai.operation.name", "chat")])
            .Span(4, parent: 2, attributes: [("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "search")])
            .Span(2, parent: 1, name: "plan step")
            .Span(1, attributes: [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "researcher"),
                ("gen_ai.conversation.id", "s-9")])
            .Complete();

        var call = Assert.Single(batch.LlmCalls);
        var tool = Assert.Single(batch.ToolCalls);
        Assert.Equal(("researcher", "s-9", AttributionState.Inherited, 1UL),
            (call.AgentName, call.SessionId, call.Attribution, call.RunSpanId!.Value));
        Assert.Equal(("researcher", "s-9"), (tool.AgentName, tool.SessionId));
    }

    [Fact]
    public void CallsWhoseRunIsNotInTheExport_StayPendingWithTheirOwnValues()
    {
        var batch = new SpanFactory()
            .Span(3, parent: 2, attributes: [("gen_ai.operation.name", "chat"), ("session.id", "own")])
            .Complete();
        var call = Assert.Single(batch.LlmCalls);
        Assert.Equal((AttributionState.Pending, null, "own"), (call.Attribution, call.AgentName, call.SessionId));
    }
}

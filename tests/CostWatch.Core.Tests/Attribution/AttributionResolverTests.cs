using CostWatch.Core.Attribution;
using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Attribution;

public sealed class AttributionResolverTests
{
    private static readonly RunIdentity Coordinator = new("coordinator", "c-1", "session-1", "user-1");
    private static readonly RunIdentity Researcher = new("researcher", null, null, null);

    private static AttributionInput Call(ulong parent, string? agent = null, string? session = null) =>
        new(parent, agent, null, session, null);

    [Fact]
    public void NearestRun_GivesAgent_AndFartherRunsFillTheRest()
    {
        // coordinator run (1) -> researcher run (2) -> chain span (3) -> call
        var trace = new Dictionary<ulong, SpanGraphNode>
        {
            [1] = new(0, Coordinator),
            [2] = new(1, Researcher),
            [3] = new(2, null),
        };
        var result = AttributionResolver.Resolve(Call(parent: 3), trace, settled: false);
        Assert.True(result.IsComplete);
        Assert.Equal(AttributionState.Inherited, result.State);
        Assert.Equal(("researcher", "c-1", "session-1", "user-1", 2UL),
            (result.AgentName, result.AgentId, result.SessionId, result.UserId, result.RunSpanId!.Value));
    }

    [Fact]
    public void OwnValues_WinOverTheRuns()
    {
        var trace = new Dictionary<ulong, SpanGraphNode> { [1] = new(0, Coordinator) };
        var result = AttributionResolver.Resolve(Call(1, agent: "mine", session: "s-mine"), trace, settled: false);
        Assert.Equal(("mine", "s-mine", "user-1"), (result.AgentName, result.SessionId, result.UserId));
    }

    [Fact]
    public void MissingAncestor_BeforeSettling_StaysPending()
    {
        var trace = new Dictionary<ulong, SpanGraphNode> { [3] = new(2, null) };
        var result = AttributionResolver.Resolve(Call(3), trace, settled: false);
        Assert.False(result.IsComplete);
        Assert.Equal(AttributionState.Pending, result.State);
    }

    [Fact]
    public void MissingAncestor_AfterSettling_IsUnattributed()
    {
        var result = AttributionResolver.Resolve(Call(9), new Dictionary<ulong, SpanGraphNode>(), settled: true);
        Assert.True(result.IsComplete);
        Assert.Equal(AttributionState.Unattributed, result.State);
        Assert.Equal(AttributedCall.UnattributedAgent, result.AgentName);
    }

    [Fact]
    public void MissingAncestor_AfterSettling_KeepsItsOwnAgent()
    {
        var result = AttributionResolver.Resolve(Call(9, agent: "mine"), new Dictionary<ulong, SpanGraphNode>(), settled: true);
        Assert.Equal((AttributionState.Own, "mine"), (result.State, result.AgentName));
    }

    [Fact]
    public void CompleteChainWithoutRun_IsUnattributedAtOnce()
    {
        var trace = new Dictionary<ulong, SpanGraphNode> { [1] = new(0, null) };
        var result = AttributionResolver.Resolve(Call(1), trace, settled: false);
        Assert.True(result.IsComplete);
        Assert.Equal(AttributionState.Unattributed, result.State);
    }

    [Fact]
    public void RootCall_IsComplete()
    {
        var result = AttributionResolver.Resolve(Call(0, agent: "solo"), new Dictionary<ulong, SpanGraphNode>(), settled: false);
        Assert.Equal((true, AttributionState.Own), (result.IsComplete, result.State));
    }

    [Fact]
    public void CyclicParents_EndTheWalk()
    {
        var trace = new Dictionary<ulong, SpanGraphNode> { [1] = new(2, null), [2] = new(1, null) };
        var result = AttributionResolver.Resolve(Call(1), trace, settled: false);
        Assert.True(result.IsComplete);
    }
}

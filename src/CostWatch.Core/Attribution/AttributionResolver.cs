using CostWatch.Core.Records;

namespace CostWatch.Core.Attribution;

/// <summary>
/// Gives an LLM or tool call the agent, session and user it lacks from its ancestor agent runs. Each missing
/// field comes from the nearest ancestor run that has it, so a sub-agent's call gets the sub-agent's name and
/// the coordinator's session. Pure: the caller supplies the part of the trace it knows.
/// </summary>
public static class AttributionResolver
{
    /// <summary>Deeper chains than this are treated as broken data (or a cycle) and end the walk.</summary>
    private const int MaxDepth = 256;

    /// <param name="call">The call's own values (parent and the fields it carried itself).</param>
    /// <param name="trace">The spans of the call's trace known so far, by span id.</param>
    /// <param name="settled">True once the settle period has passed: a broken chain is final then.</param>
    public static AttributionResult Resolve(
        AttributionInput call, IReadOnlyDictionary<ulong, SpanGraphNode> trace, bool settled)
    {
        string? agent = call.AgentName, agentId = call.AgentId, session = call.SessionId, user = call.UserId;
        var inherited = false;
        ulong? runSpanId = null;
        var complete = true;

        var current = call.ParentSpanId;
        for (var depth = 0; current != 0 && depth < MaxDepth; depth++)
        {
            if (!trace.TryGetValue(current, out var node))
            {
                complete = false;
                break;
            }

            if (node.Run is { } run)
            {
                runSpanId ??= current;
                inherited |= Fill(ref agent, run.AgentName) | Fill(ref agentId, run.AgentId)
                             | Fill(ref session, run.SessionId) | Fill(ref user, run.UserId);
                if (agent is not null && agentId is not null && session is not null && user is not null)
                {
                    break;
                }
            }

            current = node.ParentSpanId;
        }

        if (!complete && !settled)
        {
            return new AttributionResult(false, AttributionState.Pending, agent, agentId, session, user, runSpanId);
        }

        var state = agent is null ? AttributionState.Unattributed
            : inherited ? AttributionState.Inherited
            : AttributionState.Own;
        return new AttributionResult(true, state, agent ?? AttributedCall.UnattributedAgent, agentId, session, user,
            runSpanId);
    }

    private static bool Fill(ref string? field, string? fromRun)
    {
        if (field is not null || fromRun is null)
        {
            return false;
        }

        field = fromRun;
        return true;
    }
}

using CostWatch.Core.Records;

namespace CostWatch.Core.Rollups;

/// <summary>
/// Sees every record one rollup pass takes, exactly once over the life of the store: each record is rolled up
/// in one pass only. <see cref="Complete"/> is called after the pass has committed; a pass that fails is
/// abandoned without it, and its records are seen again by the pass that retries them.
/// The records carry what rollups and metrics read: times, status and error type, service, the call's or tool's
/// own fields, tokens, cost, attribution (agent name, session, user) and dimensions. Their trace and span ids,
/// parent, environment, agent id, price entry and reported cost are not read back and are left unset.
/// </summary>
public interface IRollupWindow
{
    void Add(LlmCall call);

    /// <param name="iterations"><c>agent.iterations</c> when reported, otherwise the LLM calls attributed to the run.</param>
    void Add(AgentRun run, int iterations);

    void Add(ToolCall call);

    void Complete();
}

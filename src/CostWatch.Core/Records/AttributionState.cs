namespace CostWatch.Core.Records;

/// <summary>How an LLM or tool call came by its agent and session.</summary>
public enum AttributionState : short
{
    /// <summary>Its ancestor chain is not complete yet; it waits for the settle period.</summary>
    Pending = 0,

    /// <summary>It carried its own agent; nothing was taken from an ancestor run.</summary>
    Own = 1,

    /// <summary>Agent, session or user were taken from an ancestor agent run.</summary>
    Inherited = 2,

    /// <summary>No agent could be found: it belongs to <c>__unattributed__</c>.</summary>
    Unattributed = 3,
}

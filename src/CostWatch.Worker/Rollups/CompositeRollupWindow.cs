using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Worker.Rollups;

/// <summary>One rollup pass's records, passed on to every observer's window.</summary>
internal sealed class CompositeRollupWindow(IReadOnlyList<IRollupWindow> windows) : IRollupWindow
{
    public void Add(LlmCall call)
    {
        foreach (var window in windows)
        {
            window.Add(call);
        }
    }

    public void Add(AgentRun run, int iterations)
    {
        foreach (var window in windows)
        {
            window.Add(run, iterations);
        }
    }

    public void Add(ToolCall call)
    {
        foreach (var window in windows)
        {
            window.Add(call);
        }
    }

    public void Complete()
    {
        foreach (var window in windows)
        {
            window.Complete();
        }
    }
}

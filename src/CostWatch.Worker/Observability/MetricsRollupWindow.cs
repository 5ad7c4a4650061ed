using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Worker.Observability;

/// <summary>
/// One rollup pass's records, held back until the pass has committed: a pass that fails is abandoned without
/// <see cref="Complete"/> and its records come again in the retry, so recording them earlier would count them twice.
/// </summary>
internal sealed class MetricsRollupWindow(RecordMetrics metrics) : IRollupWindow
{
    private readonly List<LlmCall> _llmCalls = [];
    private readonly List<(AgentRun Run, int Iterations)> _runs = [];
    private readonly List<ToolCall> _toolCalls = [];
    private bool _completed;

    public void Add(LlmCall call)
    {
        ThrowIfCompleted();
        _llmCalls.Add(call);
    }

    public void Add(AgentRun run, int iterations)
    {
        ThrowIfCompleted();
        _runs.Add((run, iterations));
    }

    public void Add(ToolCall call)
    {
        ThrowIfCompleted();
        _toolCalls.Add(call);
    }

    public void Complete()
    {
        ThrowIfCompleted();
        _completed = true;
        foreach (var call in _llmCalls)
        {
            metrics.Record(call);
        }

        foreach (var (run, iterations) in _runs)
        {
            metrics.Record(run, iterations);
        }

        foreach (var call in _toolCalls)
        {
            metrics.Record(call);
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("This rollup window is already complete; a new pass begins a new window.");
        }
    }
}

using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Worker.Observability;

/// <summary>
/// One rollup pass's records, held back until the pass has committed: a pass that fails is abandoned without
/// <see cref="Complete"/> and its records come again in the retry, so recording them earlier would count them twice.
/// A pass can hold a million records under load, so each is kept as a copy of only what the metrics read, with
/// its label strings shared across the window (each row read from the store brings its own copies).
/// </summary>
internal sealed class MetricsRollupWindow(RecordMetrics metrics) : IRollupWindow
{
    private readonly List<LlmCall> _llmCalls = [];
    private readonly List<(AgentRun Run, int Iterations)> _runs = [];
    private readonly List<ToolCall> _toolCalls = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private bool _completed;

    public void Add(LlmCall call)
    {
        ThrowIfCompleted();
        _llmCalls.Add(new LlmCall
        {
            TraceId = default,
            SpanId = 0,
            StartTime = call.StartTime,
            EndTime = call.EndTime,
            ReceivedAt = default,
            Status = call.Status,
            ErrorType = Shared(call.ErrorType),
            Operation = Shared(call.Operation)!,
            Provider = Shared(call.Provider),
            RequestModel = Shared(call.RequestModel),
            ResponseModel = Shared(call.ResponseModel),
            InputTokens = call.InputTokens,
            CacheReadTokens = call.CacheReadTokens,
            CacheWriteTokens = call.CacheWriteTokens,
            OutputTokens = call.OutputTokens,
            ReasoningTokens = call.ReasoningTokens,
            Convention = call.Convention,
            AgentName = Shared(call.AgentName),
            CostUsd = call.CostUsd,
            CostSource = call.CostSource,
        });
    }

    public void Add(AgentRun run, int iterations)
    {
        ThrowIfCompleted();
        _runs.Add((new AgentRun
        {
            TraceId = default,
            SpanId = 0,
            StartTime = run.StartTime,
            EndTime = run.EndTime,
            ReceivedAt = default,
            Status = run.Status,
            AgentName = Shared(run.AgentName),
        }, iterations));
    }

    public void Add(ToolCall call)
    {
        ThrowIfCompleted();
        _toolCalls.Add(new ToolCall
        {
            TraceId = default,
            SpanId = 0,
            StartTime = call.StartTime,
            EndTime = call.EndTime,
            ReceivedAt = default,
            ToolName = Shared(call.ToolName)!,
            Success = call.Success,
            AgentName = Shared(call.AgentName),
        });
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

    private string? Shared(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!_strings.TryGetValue(value, out var shared))
        {
            shared = value;
            _strings[value] = shared;
        }

        return shared;
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("This rollup window is already complete; a new pass begins a new window.");
        }
    }
}

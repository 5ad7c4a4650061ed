using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Worker.Observability;

/// <summary>
/// One rollup pass's records, held back until the pass has committed: a pass that fails is abandoned without
/// <see cref="Complete"/> and its records come again in the retry, so recording them earlier would count them twice.
/// A pass can hold a million records under load, so the window keeps no record: each is folded into its series
/// as it arrives (counter increments summed, exact cost in decimal), and only the values a histogram must see one
/// by one are kept, a few numbers per record.
/// </summary>
internal sealed class MetricsRollupWindow(RecordMetrics metrics) : IRollupWindow
{
    private readonly Dictionary<LlmCallSeries, LlmCallObservations> _llmCalls = [];
    private readonly Dictionary<AgentRunSeries, AgentRunObservations> _runs = [];
    private readonly Dictionary<ToolCallSeries, ToolCallObservations> _toolCalls = [];
    private bool _completed;

    public void Add(LlmCall call)
    {
        ThrowIfCompleted();
        var series = Observations(_llmCalls, new LlmCallSeries(call.AgentName, call.Provider, call.RequestModel,
            call.ResponseModel, call.Operation, call.ErrorType, call.Status == SpanStatus.Error, call.CostSource));
        var buckets = TokenBuckets.From(call);
        series.Calls++;
        series.UncachedInputTokens += buckets.UncachedInput;
        series.CacheReadTokens += buckets.CacheRead;
        series.CacheWriteTokens += buckets.CacheWrite;
        series.OutputTokensWithoutReasoning += buckets.OutputWithoutReasoning;
        series.ReasoningTokens += buckets.Reasoning;
        if (call.CostSource != CostSource.Unpriced && call.CostUsd is { } cost)
        {
            series.CostUsd = (series.CostUsd ?? 0m) + cost;
        }

        if (buckets.TotalInput > 0)
        {
            series.InputTokens.Add(buckets.TotalInput);
        }

        if (buckets.TotalOutput > 0)
        {
            series.OutputTokens.Add(buckets.TotalOutput);
        }

        series.DurationSeconds.Add(Seconds(call));
        if (metrics.ContextWindowUtilization(call, buckets) is { } utilization)
        {
            series.ContextWindowUtilization.Add(utilization);
        }

        series.LastEnd = Later(series.LastEnd, call.EndTime);
    }

    public void Add(AgentRun run, int iterations)
    {
        ThrowIfCompleted();
        var series = Observations(_runs, new AgentRunSeries(run.AgentName, run.Status == SpanStatus.Error));
        series.Runs++;
        series.DurationSeconds.Add(Seconds(run));
        series.Iterations.Add(iterations);
        series.LastEnd = Later(series.LastEnd, run.EndTime);
    }

    public void Add(ToolCall call)
    {
        ThrowIfCompleted();
        var series = Observations(_toolCalls, new ToolCallSeries(call.AgentName, call.ToolName, call.Success));
        series.Calls++;
        series.LastEnd = Later(series.LastEnd, call.EndTime);
    }

    public void Complete()
    {
        ThrowIfCompleted();
        _completed = true;
        // In the order the records came (a dictionary without removals enumerates in insertion order), so label
        // values reach the cap in the order they were first seen.
        foreach (var (series, observations) in _llmCalls)
        {
            metrics.Record(series, observations);
        }

        foreach (var (series, observations) in _runs)
        {
            metrics.Record(series, observations);
        }

        foreach (var (series, observations) in _toolCalls)
        {
            metrics.Record(series, observations);
        }
    }

    private static TObservations Observations<TSeries, TObservations>(
        Dictionary<TSeries, TObservations> window, TSeries series)
        where TSeries : notnull where TObservations : new()
    {
        if (!window.TryGetValue(series, out var observations))
        {
            observations = new TObservations();
            window[series] = observations;
        }

        return observations;
    }

    private static DateTime Later(DateTime a, DateTime b) => b > a ? b : a;

    private static double Seconds(TelemetryRecord record) => Math.Max(0, record.Duration.TotalSeconds);

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("This rollup window is already complete; a new pass begins a new window.");
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;
using CostWatch.Worker.Pricing;

namespace CostWatch.Worker.Observability;

/// <summary>
/// The metrics derived from stored records: the GenAI semantic-convention histograms and CostWatch's cost, token,
/// run and tool series. Fed only by completed rollup windows (<see cref="MetricsRollupObserver"/>), so each
/// stored record counts once, under the agent it was attributed to. Instruments live on CostWatch's one meter.
/// </summary>
internal sealed class RecordMetrics
{
    private readonly LabelValueLimiter _labels;
    private readonly IPriceCatalogSource _prices;
    private readonly CostTotals _costs = new();
    private readonly AgentLastSeen _lastSeen = new();
    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _operationDuration;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _llmCalls;
    private readonly Counter<long> _agentRuns;
    private readonly Histogram<double> _agentRunDuration;
    private readonly Histogram<long> _agentRunIterations;
    private readonly Counter<long> _toolCalls;
    private readonly Histogram<double> _contextWindowUtilization;

    public RecordMetrics(CostWatchMetrics metrics, LabelValueLimiter labels, IPriceCatalogSource prices)
    {
        _labels = labels;
        _prices = prices;
        var meter = metrics.Meter;
        _tokenUsage = meter.CreateHistogram("gen_ai.client.token.usage", "{token}",
            "Tokens per LLM call, input (cached included) and output (reasoning included).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = HistogramBuckets.TokenUsage });
        _operationDuration = meter.CreateHistogram("gen_ai.client.operation.duration", "s",
            "Duration of LLM calls.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HistogramBuckets.OperationDuration });
        meter.CreateObservableCounter("costwatch.cost", _costs.Observe, "usd",
            "Cost of priced LLM calls in USD (reported or computed); unpriced calls add nothing here.");
        _tokens = meter.CreateCounter<long>("costwatch.tokens", "{token}",
            "Tokens of LLM calls in disjoint buckets: input (uncached), cache_read, cache_write, output (without reasoning), reasoning.");
        _llmCalls = meter.CreateCounter<long>("costwatch.llm_calls", "{call}",
            "LLM calls, by where their cost came from: reported, computed or unpriced.");
        _agentRuns = meter.CreateCounter<long>("costwatch.agent_runs", "{run}", "Agent runs, by status: ok or error.");
        _agentRunDuration = meter.CreateHistogram("costwatch.agent_run.duration", "s", "Duration of agent runs.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HistogramBuckets.AgentRunDuration });
        _agentRunIterations = meter.CreateHistogram("costwatch.agent_run.iterations", "{iteration}",
            "Iterations per agent run: agent.iterations when reported, otherwise the LLM calls of the run.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = HistogramBuckets.AgentRunIterations });
        _toolCalls = meter.CreateCounter<long>("costwatch.tool_calls", "{call}", "Tool calls, by outcome: success or failure.");
        _contextWindowUtilization = meter.CreateHistogram("costwatch.context_window.utilization_ratio", "1",
            "Input tokens of an LLM call over its model's context window (price catalog); calls of models without one are left out.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HistogramBuckets.ContextWindowUtilization });
        meter.CreateObservableGauge("costwatch.agent.last_seen_timestamp", _lastSeen.Observe, "s",
            "End time (Unix seconds) of the latest record of each agent.");
    }

    /// <summary>
    /// Input tokens over the context window of the call's model (price catalog in force now, entry in force at the
    /// call's start); null when the model has no known window or the call reported no input.
    /// </summary>
    public double? ContextWindowUtilization(LlmCall call, TokenBuckets buckets)
    {
        if (buckets.TotalInput <= 0)
        {
            return null;
        }

        var window = _prices.Current.Match(call.Provider, call.ResponseModel, call.RequestModel, call.StartTime)?.ContextWindow;
        return window > 0 ? (double)buckets.TotalInput / window.Value : null;
    }

    public void Record(LlmCallSeries series, LlmCallObservations observations)
    {
        RecordSemanticConventions(series, observations);

        var agent = Agent(series.AgentName);
        var model = _labels.Admit(MetricLabels.Model, NonEmpty(series.ResponseModel ?? series.RequestModel ?? ""));
        AddTokens(observations.UncachedInputTokens, agent, model, "input");
        AddTokens(observations.CacheReadTokens, agent, model, "cache_read");
        AddTokens(observations.CacheWriteTokens, agent, model, "cache_write");
        AddTokens(observations.OutputTokensWithoutReasoning, agent, model, "output");
        AddTokens(observations.ReasoningTokens, agent, model, "reasoning");
        _llmCalls.Add(observations.Calls, new TagList
        {
            { MetricLabels.Agent, agent }, { MetricLabels.Model, model }, { MetricLabels.Pricing, Pricing(series.CostSource) },
        });
        if (observations.CostUsd is { } cost)
        {
            _costs.Add(agent, model, _labels.Admit(MetricLabels.Provider, NonEmpty(series.Provider)), cost);
        }

        var modelTag = new KeyValuePair<string, object?>(MetricLabels.Model, model);
        foreach (var utilization in observations.ContextWindowUtilization)
        {
            _contextWindowUtilization.Record(utilization, modelTag);
        }

        _lastSeen.Saw(agent, observations.LastEnd);
    }

    public void Record(AgentRunSeries series, AgentRunObservations observations)
    {
        var agent = Agent(series.AgentName);
        _agentRuns.Add(observations.Runs, new TagList
        {
            { MetricLabels.Agent, agent }, { MetricLabels.Status, series.Failed ? "error" : "ok" },
        });
        var agentTag = new KeyValuePair<string, object?>(MetricLabels.Agent, agent);
        foreach (var seconds in observations.DurationSeconds)
        {
            _agentRunDuration.Record(seconds, agentTag);
        }

        foreach (var iterations in observations.Iterations)
        {
            _agentRunIterations.Record(iterations, agentTag);
        }

        _lastSeen.Saw(agent, observations.LastEnd);
    }

    public void Record(ToolCallSeries series, ToolCallObservations observations)
    {
        var agent = Agent(series.AgentName);
        _toolCalls.Add(observations.Calls, new TagList
        {
            { MetricLabels.Agent, agent },
            { MetricLabels.Tool, _labels.Admit(MetricLabels.Tool, NonEmpty(series.ToolName)) },
            { MetricLabels.Outcome, series.Success ? "success" : "failure" },
        });
        _lastSeen.Saw(agent, observations.LastEnd);
    }

    /// <summary>
    /// <c>gen_ai.client.*</c> as the semantic conventions define them: input counts every input token, output
    /// every output token. A zero count is not recorded: the stored call cannot tell it from "not reported".
    /// </summary>
    private void RecordSemanticConventions(LlmCallSeries series, LlmCallObservations observations)
    {
        var provider = _labels.Admit(MetricLabels.GenAiProviderName, NonEmpty(series.Provider));
        var requestModel = _labels.Admit(MetricLabels.GenAiRequestModel, NonEmpty(series.RequestModel ?? series.ResponseModel));
        var tags = new TagList
        {
            { MetricLabels.GenAiProviderName, provider },
            { MetricLabels.GenAiRequestModel, requestModel },
            { MetricLabels.GenAiOperationName, series.Operation },
        };
        var input = tags;
        input.Add(MetricLabels.GenAiTokenType, "input");
        foreach (var tokens in observations.InputTokens)
        {
            _tokenUsage.Record(tokens, input);
        }

        var output = tags;
        output.Add(MetricLabels.GenAiTokenType, "output");
        foreach (var tokens in observations.OutputTokens)
        {
            _tokenUsage.Record(tokens, output);
        }

        // error.type only on failed calls, as the conventions require; a success has no such label.
        if (series.Failed || !string.IsNullOrEmpty(series.ErrorType))
        {
            tags.Add(MetricLabels.ErrorType, _labels.Admit(MetricLabels.ErrorType,
                string.IsNullOrEmpty(series.ErrorType) ? MetricLabels.OtherError : series.ErrorType));
        }

        foreach (var seconds in observations.DurationSeconds)
        {
            _operationDuration.Record(seconds, tags);
        }
    }

    private void AddTokens(long tokens, string agent, string model, string type) =>
        _tokens.Add(tokens, new TagList
        {
            { MetricLabels.Agent, agent }, { MetricLabels.Model, model }, { MetricLabels.TokenType, type },
        });

    private string Agent(string? agentName) => _labels.Admit(MetricLabels.Agent,
        string.IsNullOrEmpty(agentName) ? AttributedCall.UnattributedAgent : agentName);

    private static string NonEmpty(string? value) => string.IsNullOrEmpty(value) ? MetricLabels.Unknown : value;

    private static string Pricing(CostSource source) => source switch
    {
        CostSource.Computed => "computed",
        CostSource.Reported => "reported",
        _ => "unpriced",
    };
}

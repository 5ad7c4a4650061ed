using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Core.Alerting.Samples;

/// <summary>
/// Adds the records of a rollup pass into the alert samples: per minute of receipt, what the alert rules judge
/// (iterations and durations of runs, tool outcomes, the largest prompt per model), plus when each agent was
/// last heard from. Rows are deltas the store adds to what it holds, like the rollups.
/// </summary>
public sealed class AlertSampleAggregator
{
    public Dictionary<RunIterationsKey, SampleCount> RunIterations { get; } = [];

    public Dictionary<RunDurationKey, SampleCount> RunDurations { get; } = [];

    public Dictionary<ToolSampleKey, ToolSampleTotals> ToolCalls { get; } = [];

    public Dictionary<LlmSampleKey, LlmSampleTotals> LlmCalls { get; } = [];

    public Dictionary<string, AgentSighting> Agents { get; } = new(StringComparer.Ordinal);

    public void Add(LlmCall call)
    {
        var key = new LlmSampleKey(Minute(call), Agent(call.AgentName), RollupAggregator.ModelOf(call), call.Provider ?? "");
        var row = Row(LlmCalls, key);
        row.Calls++;
        row.UnpricedCalls += IsUnpriced(call.CostSource, call.CostUsd) ? 1 : 0;
        row.MaxInputTokens = Math.Max(row.MaxInputTokens, TokenBuckets.From(call).TotalInput);
        Seen(call.AgentName, call);
    }

    /// <summary>An already sampled call priced again: it may move between priced and unpriced.</summary>
    public void AddRepricing(LlmCall call, CallCost newCost)
    {
        var change = (IsUnpriced(newCost.Source, newCost.Amount) ? 1 : 0) - (IsUnpriced(call.CostSource, call.CostUsd) ? 1 : 0);
        if (change != 0)
        {
            Row(LlmCalls, new LlmSampleKey(Minute(call), Agent(call.AgentName), RollupAggregator.ModelOf(call), call.Provider ?? ""))
                .UnpricedCalls += change;
        }
    }

    public void Add(AgentRun run, int iterations)
    {
        var minute = Minute(run);
        var agent = Agent(run.AgentName);
        Row(RunIterations, new RunIterationsKey(minute, agent, iterations)).Value++;
        Row(RunDurations, new RunDurationKey(minute, agent, DurationBuckets.Of(Math.Max(0, run.Duration.Ticks / 10)))).Value++;
        Seen(run.AgentName, run);
    }

    /// <summary>
    /// LLM calls of a run sampled by an earlier pass reached it since (attributed late): the run moves from the row of
    /// the iterations it was counted with to the row of the iterations it has now, so that the iteration rows stay
    /// exact. The row it leaves may drop to 0 runs.
    /// </summary>
    public void AddLateIterations(AgentRun run, int counted, int late)
    {
        if (late == 0)
        {
            return;
        }

        var minute = Minute(run);
        var agent = Agent(run.AgentName);
        Row(RunIterations, new RunIterationsKey(minute, agent, counted)).Value--;
        Row(RunIterations, new RunIterationsKey(minute, agent, counted + late)).Value++;
    }

    public void Add(ToolCall call)
    {
        var row = Row(ToolCalls, new ToolSampleKey(Minute(call), Agent(call.AgentName), call.ToolName));
        row.Calls++;
        row.FailedCalls += call.Success ? 0 : 1;
        Seen(call.AgentName, call);
    }

    private void Seen(string? agent, TelemetryRecord record)
    {
        // Calls nobody could attribute say nothing about which agent is alive.
        if (string.IsNullOrEmpty(agent))
        {
            return;
        }

        var sighting = Row(Agents, agent);
        var received = UnixTime.Microseconds(record.ReceivedAt);
        sighting.FirstSeen = Math.Min(sighting.FirstSeen, received);
        sighting.LastSeen = Math.Max(sighting.LastSeen, received);
    }

    private static bool IsUnpriced(CostSource source, decimal? amount) => source == CostSource.Unpriced || amount is null;

    private static long Minute(TelemetryRecord record) => RollupResolution.BucketStart(record.ReceivedAt, RollupResolution.Minute);

    private static string Agent(string? agent) => string.IsNullOrEmpty(agent) ? AttributedCall.UnattributedAgent : agent;

    private static TValue Row<TKey, TValue>(Dictionary<TKey, TValue> rows, TKey key)
        where TKey : notnull where TValue : new()
    {
        if (!rows.TryGetValue(key, out var row))
        {
            row = new TValue();
            rows[key] = row;
        }

        return row;
    }
}

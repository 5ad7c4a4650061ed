namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// What the seed generated, counted from the raw records (not from the sample rows), and from it the alerts a round
/// of <see cref="FleetAlertRules"/> must raise: the benchmark checks the engine's first round against it.
/// </summary>
internal sealed class FleetTruth(int agents)
{
    private readonly long[] _runs = new long[agents];
    private readonly long[] _runsOver = new long[agents];
    private readonly List<double>[] _durations = Enumerable.Range(0, agents).Select(_ => new List<double>()).ToArray();
    private readonly DateTime[] _lastSeen = new DateTime[agents];
    private readonly decimal[] _spent = new decimal[agents];
    private readonly Dictionary<(int Agent, string Tool), (long Calls, long Failed)> _recentTools = [];
    private readonly Dictionary<(int Agent, FleetModel Model), long> _recentLargestPrompt = [];
    private readonly HashSet<string> _unpricedModels = new(StringComparer.Ordinal);

    public void Run(int agent, double seconds, int iterations, DateTime received)
    {
        _runs[agent]++;
        _runsOver[agent] += iterations > FleetAlertRules.MaxIterations ? 1 : 0;
        _durations[agent].Add(seconds);
        Seen(agent, received);
    }

    /// <summary>An LLM call; <paramref name="recent"/> when it falls in the 10 minute windows.</summary>
    public void LlmCall(int agent, FleetModel model, long inputTokens, decimal? cost, bool recent, DateTime received)
    {
        _spent[agent] += cost ?? 0m;
        if (cost is null)
        {
            _unpricedModels.Add(model.Id);
        }

        if (recent)
        {
            _recentLargestPrompt[(agent, model)] = Math.Max(_recentLargestPrompt.GetValueOrDefault((agent, model)), inputTokens);
        }

        Seen(agent, received);
    }

    public void ToolCall(int agent, string tool, bool success, bool recent, DateTime received)
    {
        if (recent)
        {
            var (calls, failed) = _recentTools.GetValueOrDefault((agent, tool));
            _recentTools[(agent, tool)] = (calls + 1, failed + (success ? 0 : 1));
        }

        Seen(agent, received);
    }

    /// <summary>Open alerts per rule after one round at <paramref name="now"/> (trace loss judging since long before).</summary>
    public Dictionary<string, int> ExpectedAlerts(DateTime now)
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["HighAgentLoopIterations"] = Enumerable.Range(0, agents).Count(a =>
                _runs[a] >= FleetAlertRules.LoopMinSamples && (decimal)_runsOver[a] / _runs[a] > FleetAlertRules.LoopThreshold),
            ["ToolCallFailureSpike"] = _recentTools.Values.Count(t =>
                t.Calls >= FleetAlertRules.ToolMinSamples && (decimal)(t.Calls - t.Failed) / t.Calls < FleetAlertRules.ToolThreshold),
            ["TokenBudgetExceeded"] = _recentLargestPrompt.Count(p =>
                p.Key.Model.IsPriced && (decimal)p.Value / p.Key.Model.ContextWindow > FleetAlertRules.ContextThreshold),
            ["AgentRunLatencyP99"] = Enumerable.Range(0, agents).Count(a =>
                _durations[a].Count >= FleetAlertRules.LatencyMinSamples && NearestRank(_durations[a], (double)FleetAlertRules.LatencyQuantile)
                > (double)FleetAlertRules.LatencyThresholdSeconds),
            ["TraceLoss"] = Enumerable.Range(0, agents).Count(a => _runs[a] > 0 && now - _lastSeen[a] > FleetAlertRules.SilenceThreshold),
            ["AgentDailyBudget"] = _spent.Sum(spent =>
                FleetAlertRules.BudgetLevels.Count(level => spent >= FleetAlertRules.BudgetLimitUsd * level)),
            ["UnpricedModel"] = _unpricedModels.Count,
            ["PipelineSilence"] = _lastSeen.Max() < now - FleetAlertRules.SilenceThreshold ? 1 : 0,
        };
        return expected;
    }

    private void Seen(int agent, DateTime received)
    {
        if (received > _lastSeen[agent])
        {
            _lastSeen[agent] = received;
        }
    }

    private static double NearestRank(List<double> values, double quantile)
    {
        values.Sort();
        return values[Math.Max(1, (int)Math.Ceiling(quantile * values.Count)) - 1];
    }
}

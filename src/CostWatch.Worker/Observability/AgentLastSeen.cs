using System.Diagnostics.Metrics;

namespace CostWatch.Worker.Observability;

/// <summary>
/// The latest end time of any record (LLM call, agent run, tool call) of each agent, as Unix seconds: an agent
/// that stops reporting keeps its last value, so "silent for an hour" is <c>time() - x > 3600</c>.
/// </summary>
internal sealed class AgentLastSeen
{
    private readonly Dictionary<string, DateTime> _lastSeen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Saw(string agent, DateTime endTime)
    {
        lock (_lock)
        {
            if (!_lastSeen.TryGetValue(agent, out var seen) || endTime > seen)
            {
                _lastSeen[agent] = endTime;
            }
        }
    }

    public IEnumerable<Measurement<double>> Observe()
    {
        lock (_lock)
        {
            return _lastSeen.Select(seen => new Measurement<double>(
                (seen.Value - DateTime.UnixEpoch).TotalSeconds,
                new KeyValuePair<string, object?>(MetricLabels.Agent, seen.Key))).ToList();
        }
    }
}

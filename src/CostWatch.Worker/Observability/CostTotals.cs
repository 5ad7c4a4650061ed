using System.Diagnostics.Metrics;

namespace CostWatch.Worker.Observability;

/// <summary>
/// The exact cost in USD per (agent, model, provider), summed in <see cref="decimal"/>. The counter reports each
/// total converted once at scrape time, so the sample is the double nearest the exact sum instead of carrying
/// the rounding error of thousands of double additions.
/// </summary>
internal sealed class CostTotals
{
    private readonly Dictionary<(string Agent, string Model, string Provider), decimal> _totals = [];
    private readonly Lock _lock = new();

    public void Add(string agent, string model, string provider, decimal costUsd)
    {
        lock (_lock)
        {
            _totals[(agent, model, provider)] = _totals.GetValueOrDefault((agent, model, provider)) + costUsd;
        }
    }

    public IEnumerable<Measurement<double>> Observe()
    {
        lock (_lock)
        {
            return _totals.Select(total => new Measurement<double>((double)total.Value,
                new KeyValuePair<string, object?>(MetricLabels.Agent, total.Key.Agent),
                new KeyValuePair<string, object?>(MetricLabels.Model, total.Key.Model),
                new KeyValuePair<string, object?>(MetricLabels.Provider, total.Key.Provider))).ToList();
        }
    }
}

using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Observability;

/// <summary>
/// Caps the distinct values each metric label takes (<c>CostWatch:Metrics:MaxLabelValues</c>), per label name and
/// across every series that uses it: the first values seen are kept for the life of the process, later ones are
/// folded into <see cref="Other"/>. Only labels whose values come from telemetry pass through it (agent, model,
/// provider, tool, error type); labels with a fixed set of values cannot grow.
/// </summary>
internal sealed class LabelValueLimiter(IOptions<MetricsOptions> options, ILogger<LabelValueLimiter> logger)
{
    public const string Other = "__other__";

    private readonly int _maxValues = options.Value.MaxLabelValues;
    private readonly Dictionary<string, HashSet<string>> _admitted = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The value to export for <paramref name="value"/> of <paramref name="label"/>.</summary>
    public string Admit(string label, string value)
    {
        lock (_lock)
        {
            if (!_admitted.TryGetValue(label, out var values))
            {
                values = new HashSet<string>(StringComparer.Ordinal);
                _admitted.Add(label, values);
            }

            if (values.Contains(value))
            {
                return value;
            }

            if (values.Count < _maxValues)
            {
                values.Add(value);
                if (values.Count == _maxValues)
                {
                    Log.LabelValuesCapped(logger, label, _maxValues, Other);
                }

                return value;
            }

            return Other;
        }
    }
}

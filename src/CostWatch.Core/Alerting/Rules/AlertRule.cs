using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// One rule of the rules file, validated: every field a kind does not use is at its default, every field it needs
/// is set. The defaults here are the rules file's defaults, so a rule built in code reads like one written in YAML.
/// </summary>
public sealed record AlertRule
{
    /// <summary>The <c>alertname</c> label of its alerts; unique in a file, <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public required string Name { get; init; }

    public required AlertRuleKind Kind { get; init; }

    /// <summary>Free text, the <c>severity</c> label of its alerts.</summary>
    public string Severity { get; init; } = "warning";

    /// <summary>The labels that split the rule into alert instances (<c>agent</c>, <c>tool</c>, ...), in the file's order.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>The span of samples a windowed kind judges; for <c>budget</c> the recent spend a forecast extrapolates (null: one hour).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>How long a breach must last before the alert fires (0: at once).</summary>
    public TimeSpan For { get; init; }

    /// <summary>How long a firing alert keeps firing after its breach cleared.</summary>
    public TimeSpan KeepFiringFor { get; init; }

    /// <summary>Samples (runs, calls) a group needs in the window before it is judged at all.</summary>
    public long MinSamples { get; init; }

    /// <summary>
    /// What the kind compares with: a fraction (0.01) for loop_iterations, tool_success_rate and context_window; seconds
    /// for run_duration_quantile, trace_loss and pipeline_silence (the file says <c>30s</c>); a count of calls for
    /// unpriced_model. Not used by budget (see <see cref="LimitUsd"/>).
    /// </summary>
    public decimal Threshold { get; init; }

    /// <summary>loop_iterations: a run with more iterations than this counts against the threshold.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>run_duration_quantile: the quantile of run durations judged, between 0 and 1 (0.99).</summary>
    public decimal? Quantile { get; init; }

    /// <summary>trace_loss: silence after which an agent retires, its alert resolves and it is no longer expected.</summary>
    public TimeSpan? RetireAfter { get; init; }

    /// <summary>budget: the calendar period the spend is summed over, in <see cref="TimeZone"/>.</summary>
    public BudgetPeriod? Period { get; init; }

    /// <summary>budget: the period's limit in USD.</summary>
    public decimal? LimitUsd { get; init; }

    /// <summary>budget: fractions of <see cref="LimitUsd"/> that each raise an alert (label <c>budget_level</c>), ascending.</summary>
    public IReadOnlyList<decimal> WarnAt { get; init; } = [1.0m];

    /// <summary>budget: also fire when the recent spend rate projects an overspend before the period ends.</summary>
    public bool Forecast { get; init; }

    /// <summary>budget: where the period's days, weeks (starting Monday) and months begin.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Static labels added to every alert of the rule.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotation templates (<c>summary</c>, <c>description</c>, ...), rendered per alert.</summary>
    public IReadOnlyDictionary<string, AlertTemplate> Annotations { get; init; } = new Dictionary<string, AlertTemplate>();
}

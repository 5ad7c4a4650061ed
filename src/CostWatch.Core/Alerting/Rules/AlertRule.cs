using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>One rule of the rules file (stub: replaced by the rules-file part).</summary>
public sealed record AlertRule
{
    public required string Name { get; init; }

    public required AlertRuleKind Kind { get; init; }

    public string Severity { get; init; } = "warning";

    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public TimeSpan? Window { get; init; }

    public TimeSpan For { get; init; }

    public TimeSpan KeepFiringFor { get; init; }

    public long MinSamples { get; init; }

    public decimal Threshold { get; init; }

    public int? MaxIterations { get; init; }

    public decimal? Quantile { get; init; }

    public TimeSpan? RetireAfter { get; init; }

    public BudgetPeriod? Period { get; init; }

    public decimal? LimitUsd { get; init; }

    public IReadOnlyList<decimal> WarnAt { get; init; } = [1.0m];

    public bool Forecast { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, AlertTemplate> Annotations { get; init; } = new Dictionary<string, AlertTemplate>();
}

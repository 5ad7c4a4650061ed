namespace CostWatch.Core.Alerting.Templates;

/// <summary>What an annotation template can show of one alert.</summary>
/// <param name="Labels">The alert's labels (<c>{{ $labels.agent }}</c>); a missing one renders as empty text.</param>
/// <param name="Value">The observed value (<c>{{ $value }}</c>): a fraction, seconds, a count or USD, after the rule's kind.</param>
/// <param name="Threshold">The value the rule compares with (<c>{{ $threshold }}</c>), in the same unit.</param>
public sealed record AlertTemplateContext(IReadOnlyDictionary<string, string> Labels, decimal? Value, decimal? Threshold);

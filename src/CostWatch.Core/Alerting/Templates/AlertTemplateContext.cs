namespace CostWatch.Core.Alerting.Templates;

public sealed record AlertTemplateContext(IReadOnlyDictionary<string, string> Labels, decimal? Value, decimal? Threshold);

namespace CostWatch.Core.Alerting.Data;

/// <summary>A budget group's spend in the current period, and in the recent window the forecast extrapolates.</summary>
public sealed record GroupSpend(IReadOnlyList<KeyValuePair<string, string>> Group, decimal Spent, decimal RecentSpent);

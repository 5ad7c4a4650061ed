using CostWatch.Core.Alerting;

namespace CostWatch.Storage.Alerting;

/// <summary>Which alert instances to list; a null part does not filter.</summary>
public sealed record AlertFilter(AlertState? State = null, string? Rule = null, string? Fingerprint = null)
{
    public static readonly AlertFilter All = new();
}

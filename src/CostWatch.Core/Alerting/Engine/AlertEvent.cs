namespace CostWatch.Core.Alerting.Engine;

/// <summary>A notifiable state change, written to the <c>alert_events</c> outbox with the change itself.</summary>
public sealed record AlertEvent(
    DateTime CreatedAt,
    string Fingerprint,
    string Rule,
    string Severity,
    string Status,
    AlertLabels Labels,
    IReadOnlyDictionary<string, string> Annotations,
    decimal? Value,
    decimal? Threshold,
    DateTime StartsAt,
    DateTime? EndsAt,
    string? Reason)
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    public static AlertEvent Of(AlertInstance instance, string status, DateTime now) => new(now, instance.Fingerprint,
        instance.Rule, instance.Severity, status, instance.Labels, instance.Annotations, instance.Value,
        instance.Threshold, instance.FiredAt ?? instance.ActiveAt, instance.ResolvedAt, instance.Reason);
}

namespace CostWatch.Core.Notifications;

/// <summary>
/// An alert as one receiver's group holds it: its latest state from the outbox, when that last changed, and whether
/// the receiver has been told it fires (<see cref="NotifiedFiring"/>), which decides what the next notice says.
/// </summary>
public sealed record GroupedAlert(
    string Fingerprint,
    string Status,
    string Rule,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    decimal? Value,
    decimal? Threshold,
    DateTime StartsAt,
    DateTime? EndsAt,
    DateTime ChangedAt,
    bool NotifiedFiring)
{
    public bool IsFiring => string.Equals(Status, NoticeStatus.Firing, StringComparison.Ordinal);
}

using CostWatch.Core.Alerting;

namespace CostWatch.Storage.Notifications;

/// <summary>
/// Raises (<paramref name="Raise"/>) or resolves the built-in <c>CostWatchNotificationFailing</c> instance with
/// <paramref name="Labels"/>, with the attempt that caused it. A raise muted by <paramref name="SilencedBy"/> writes
/// no outbox event: the engine writes it once the silence ends.
/// </summary>
public sealed record NotificationFailingChange(
    AlertLabels Labels,
    bool Raise,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> SilencedBy);

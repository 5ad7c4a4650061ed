namespace CostWatch.Storage.Notifications;

/// <summary>
/// How an attempt on a claimed notice ended: <paramref name="State"/> stays pending with the
/// <paramref name="NextAttemptAt"/> of a retry, or becomes delivered or dead. <paramref name="Failing"/> raises or
/// resolves the receiver's failing alert in the same transaction.
/// </summary>
public sealed record DeliveryAttempt(
    long Id,
    string LeaseOwner,
    DateTime At,
    int Attempts,
    NoticeState State,
    DateTime? NextAttemptAt,
    string? Error,
    NotificationFailingChange? Failing);

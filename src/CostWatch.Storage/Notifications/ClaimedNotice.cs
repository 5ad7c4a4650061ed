namespace CostWatch.Storage.Notifications;

/// <summary>A pending notice a sender now holds the lease of; <see cref="Attempts"/> counts the attempts before this one.</summary>
public sealed record ClaimedNotice(
    long Id,
    string DeliveryId,
    string Receiver,
    string Reason,
    string NoticeJson,
    int Attempts,
    DateTime CreatedAt,
    DateTime? ChangedAt,
    DateTime DeadlineAt);

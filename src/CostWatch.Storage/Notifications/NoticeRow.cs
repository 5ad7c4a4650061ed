namespace CostWatch.Storage.Notifications;

/// <summary>A notice as <c>GET /api/v1/notifications</c> lists it.</summary>
public sealed record NoticeRow(
    string DeliveryId,
    string Receiver,
    string GroupKey,
    string Status,
    string Reason,
    int Alerts,
    NoticeState State,
    int Attempts,
    DateTime CreatedAt,
    DateTime NextAttemptAt,
    DateTime DeadlineAt,
    DateTime? FinishedAt,
    string? LastError);

namespace CostWatch.Storage.Notifications;

/// <summary>
/// A notice to queue: <paramref name="NoticeJson"/> is what every attempt sends; the other fields are what the
/// queue and the API need without reading it. <paramref name="ChangedAt"/> is the earliest state change it reports.
/// </summary>
public sealed record NewNotice(
    string DeliveryId,
    string Receiver,
    string GroupKey,
    string Status,
    string Reason,
    int Alerts,
    string NoticeJson,
    DateTime CreatedAt,
    DateTime? ChangedAt,
    DateTime DeadlineAt);

namespace CostWatch.Core.Notifications;

/// <summary>
/// One notification of one alert group to one receiver. <see cref="DeliveryId"/> is the same on every attempt;
/// <see cref="Status"/> is "firing" or "resolved"; <see cref="PreviousDeliveryId"/> is the last notice of the same
/// group to this receiver, for threading.
/// </summary>
public sealed record Notice(
    string DeliveryId,
    string Receiver,
    string GroupKey,
    string Status,
    string Reason,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    IReadOnlyList<NoticeAlert> Alerts,
    string ExternalUrl,
    DateTime CreatedAt,
    string? PreviousDeliveryId);

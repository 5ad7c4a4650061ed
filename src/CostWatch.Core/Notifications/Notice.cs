namespace CostWatch.Core.Notifications;

/// <summary>
/// One notice to one receiver about one alert group. <see cref="DeliveryId"/> is stable: every attempt to deliver
/// this notice carries it (webhook <c>Idempotency-Key</c>, e-mail <c>Message-Id</c>), so a receiver can drop a
/// repeat. <see cref="Status"/> is <c>firing</c> when any alert fires, else <c>resolved</c>; <see cref="Reason"/> is
/// one of <see cref="NoticeReasons"/>.
/// </summary>
/// <param name="CreatedAt">When the notice was made.</param>
/// <param name="PreviousDeliveryId">The previous notice of the same group to the same receiver (e-mail threading).</param>
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

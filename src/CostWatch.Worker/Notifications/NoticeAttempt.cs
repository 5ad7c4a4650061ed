using CostWatch.Storage.Notifications;

namespace CostWatch.Worker.Notifications;

/// <summary>How one attempt on a notice ended, as the dispatcher recorded it.</summary>
internal sealed record NoticeAttempt(string DeliveryId, string Receiver, NoticeState State, int Attempts, DateTime? NextAttemptAt, string? Error);

using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// Delivers notices to receivers of one type. Every registered sender is found by its <see cref="ReceiverType"/>;
/// a receiver whose <c>Type</c> has no sender fails the start-up check. A sender reports how an attempt ended and
/// never throws for a failed delivery; the dispatcher retries, dead-letters and records.
/// </summary>
internal interface INoticeSender
{
    /// <summary><c>Email</c> or <c>Webhook</c>.</summary>
    string ReceiverType { get; }

    Task<DeliveryOutcome> SendAsync(Notice notice, string receiverName, ReceiverOptions receiver, CancellationToken cancellationToken);
}

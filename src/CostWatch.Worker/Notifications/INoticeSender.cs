using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications;

/// <summary>Delivers a notice to one kind of receiver; the dispatcher picks the sender by <see cref="ReceiverType"/>.</summary>
internal interface INoticeSender
{
    /// <summary>"Email" or "Webhook".</summary>
    string ReceiverType { get; }

    Task<DeliveryOutcome> SendAsync(Notice notice, string receiverName, ReceiverOptions receiver, CancellationToken cancellationToken);
}

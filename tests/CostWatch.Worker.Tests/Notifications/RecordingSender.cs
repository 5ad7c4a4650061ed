using CostWatch.Core.Notifications;
using CostWatch.Worker.Notifications;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>A sender seam inside the process: records every notice and delivers it, for tests about what is sent when.</summary>
internal sealed class RecordingSender(string receiverType = "Webhook") : INoticeSender
{
    private readonly List<(string Receiver, Notice Notice)> _sent = [];

    public string ReceiverType => receiverType;

    public IReadOnlyList<(string Receiver, Notice Notice)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<Notice> To(string receiver) => Sent.Where(s => s.Receiver == receiver).Select(s => s.Notice).ToList();

    public Task<DeliveryOutcome> SendAsync(Notice notice, string receiverName, ReceiverOptions receiver, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add((receiverName, notice));
        }

        return Task.FromResult<DeliveryOutcome>(new DeliveryOutcome.Delivered());
    }
}

namespace CostWatch.Worker.Notifications;

/// <summary>A receiver ready to send to: its options with secrets read, and the sender of its type.</summary>
internal sealed record ConfiguredReceiver(string Name, ReceiverOptions Options, INoticeSender Sender)
{
    public bool SendsResolved => ReceiverTypes.SendsResolved(Options);
}

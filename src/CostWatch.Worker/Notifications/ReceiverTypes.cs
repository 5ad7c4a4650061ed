namespace CostWatch.Worker.Notifications;

/// <summary>The receiver types, and what differs between them before any sender is involved.</summary>
internal static class ReceiverTypes
{
    public const string Email = "Email";
    public const string Webhook = "Webhook";

    /// <summary>Alertmanager's defaults: webhooks hear of resolved alerts, e-mail does not.</summary>
    public static bool SendsResolved(ReceiverOptions receiver) =>
        receiver.SendResolved ?? string.Equals(receiver.Type, Webhook, StringComparison.OrdinalIgnoreCase);
}

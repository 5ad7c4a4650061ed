namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>The body of a notice in a webhook receiver's <c>Format</c> (checked at start-up; anything else is CostWatch's).</summary>
internal static class WebhookBodies
{
    public static byte[] Build(string format, Core.Notifications.Notice notice, string receiver) => format.ToUpperInvariant() switch
    {
        "ALERTMANAGER" => AlertmanagerWebhookBody.Build(notice, receiver),
        "SLACK" => SlackWebhookBody.Build(notice, receiver),
        _ => CostWatchWebhookBody.Build(notice, receiver),
    };
}

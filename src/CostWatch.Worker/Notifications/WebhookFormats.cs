namespace CostWatch.Worker.Notifications;

/// <summary>The bodies a webhook receiver can ask for with <c>Format</c>.</summary>
internal static class WebhookFormats
{
    public const string CostWatch = "CostWatch";
    public const string Alertmanager = "Alertmanager";
    public const string Slack = "Slack";

    public static readonly IReadOnlyList<string> All = [CostWatch, Alertmanager, Slack];
}

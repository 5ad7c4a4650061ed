namespace CostWatch.Worker.Notifications;

/// <summary>
/// One receiver under <c>CostWatch:Notifications:Receivers:&lt;name&gt;</c>. <see cref="Type"/> picks the
/// <see cref="INoticeSender"/>; the e-mail keys serve <c>Email</c>, the webhook keys <c>Webhook</c>. Senders get
/// <see cref="Password"/> and <see cref="Secret"/> already read from <see cref="PasswordFile"/> and
/// <see cref="SecretFile"/> (<see cref="NotificationReceivers"/>).
/// </summary>
internal sealed class ReceiverOptions
{
    /// <summary><c>Email</c> or <c>Webhook</c>.</summary>
    public string Type { get; set; } = "";

    public string[] To { get; set; } = [];

    public string? From { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary><c>StartTls</c>, <c>SslOnConnect</c> or <c>None</c> (loopback hosts only).</summary>
    public string Security { get; set; } = "StartTls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>Whether resolved alerts are notified; unset means true for webhooks and false for e-mail (as Alertmanager).</summary>
    public bool? SendResolved { get; set; }

    public string? Url { get; set; }

    /// <summary><c>CostWatch</c>, <c>Alertmanager</c> or <c>Slack</c>.</summary>
    public string Format { get; set; } = "CostWatch";

    public string? Secret { get; set; }

    public string? SecretFile { get; set; }

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

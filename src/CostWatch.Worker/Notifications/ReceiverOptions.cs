namespace CostWatch.Worker.Notifications;

/// <summary>One entry of <c>CostWatch:Notifications:Receivers</c>; which fields apply depends on <see cref="Type"/>.</summary>
internal sealed class ReceiverOptions
{
    /// <summary>"Email" or "Webhook".</summary>
    public string Type { get; set; } = "";

    public string[] To { get; set; } = [];

    public string? From { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string Security { get; set; } = "StartTls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? PasswordFile { get; set; }

    public bool? SendResolved { get; set; }

    public string? Url { get; set; }

    public string Format { get; set; } = "CostWatch";

    public string? Secret { get; set; }

    public string? SecretFile { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

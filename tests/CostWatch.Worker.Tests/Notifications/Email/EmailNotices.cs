using CostWatch.Core.Notifications;
using CostWatch.TestSupport;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Notifications.Email;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace CostWatch.Worker.Tests.Notifications.Email;

/// <summary>Notices, receivers and senders for the e-mail tests.</summary>
internal static class EmailNotices
{
    public static readonly DateTime StartsAt = new(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    public static NoticeAlert Alert(string agent, NoticeAlertChange change, decimal? value = 412.5m, decimal? threshold = 300m,
        IReadOnlyDictionary<string, string>? annotations = null, string rule = "TraceLoss")
    {
        var resolved = change == NoticeAlertChange.Resolved;
        return new NoticeAlert($"fp-{agent}", resolved ? "resolved" : "firing", rule, "critical",
            new Dictionary<string, string> { ["alertname"] = rule, ["severity"] = "critical", ["agent"] = agent },
            annotations ?? new Dictionary<string, string>
            {
                ["description"] = $"Last trace from {agent} at 09:23.",
                ["summary"] = $"No traces from {agent}",
            },
            value, threshold, StartsAt, resolved ? StartsAt.AddMinutes(20) : null,
            $"http://costwatch.example:4318/api/v1/alerts?fingerprint=fp-{agent}", change);
    }

    /// <summary>A notice of the TraceLoss group of agent researcher with <paramref name="alerts"/>.</summary>
    public static Notice Notice(IReadOnlyList<NoticeAlert> alerts, string status = "firing", string reason = "first notification",
        string deliveryId = "d-0001", string? previousDeliveryId = null, IReadOnlyDictionary<string, string>? groupLabels = null) =>
        new(deliveryId, "oncall-email", "{}:{agent=\"researcher\"}", status, reason,
            groupLabels ?? new Dictionary<string, string> { ["agent"] = "researcher" },
            new Dictionary<string, string> { ["alertname"] = "TraceLoss", ["severity"] = "critical", ["agent"] = "researcher" },
            new Dictionary<string, string>(),
            alerts, "http://costwatch.example:4318", StartsAt.AddMinutes(1), previousDeliveryId);

    public static Notice Firing(string deliveryId = "d-0001", string? previousDeliveryId = null) =>
        Notice([Alert("researcher", NoticeAlertChange.New)], deliveryId: deliveryId, previousDeliveryId: previousDeliveryId);

    public static ReceiverOptions Receiver(SmtpServer server, string security = "StartTls", bool login = true) => new()
    {
        Type = "Email",
        To = ["oncall@example.com", "Second Person <second@example.com>"],
        From = "CostWatch <costwatch@example.com>",
        SmtpHost = SmtpServer.Host,
        SmtpPort = server.Port,
        Security = security,
        Username = login ? SmtpServer.User : null,
        Password = login ? SmtpServer.Password : null,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static EmailNoticeSender Sender(SmtpServer? trusted, IEmailContentRenderer? renderer = null) =>
        new(new EmailMessageFactory(renderer ?? new NoticeEmailRenderer(), TimeProvider.System, NullLogger<EmailMessageFactory>.Instance),
            trusted is null ? SmtpServerCertificateCheck.System : new SmtpServerCertificateCheck(trusted.TrustsItsCertificate),
            NullLogger<EmailNoticeSender>.Instance);

    public static MimeMessage Parse(ReceivedEmail email)
    {
        using var content = new MemoryStream(email.Content);
        return MimeMessage.Load(content);
    }
}

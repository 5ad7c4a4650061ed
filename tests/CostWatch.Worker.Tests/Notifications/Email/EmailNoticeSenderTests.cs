using System.Net;
using System.Net.Sockets;
using CostWatch.Core.Notifications;
using CostWatch.TestSupport;
using CostWatch.Worker.Notifications.Email;
using MimeKit;
using static CostWatch.Worker.Tests.Notifications.Email.EmailNotices;

namespace CostWatch.Worker.Tests.Notifications.Email;

/// <summary>The e-mail sender against a real SMTP server (aiosmtpd) with STARTTLS, implicit TLS or neither, and AUTH.</summary>
public sealed class EmailNoticeSenderTests
{
    [SmtpFact]
    public async Task SendAsync_FiringNotice_ArrivesOverStartTlsAuthenticated_AsMultipartWithIdsAndThreading()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var notice = Notice(
            [Alert("researcher", NoticeAlertChange.New), Alert("writer", NoticeAlertChange.StillFiring)],
            reason: "new alerts added", deliveryId: "d-0002", previousDeliveryId: "d-0001");

        var outcome = await Sender(server).SendAsync(notice, "oncall-email", Receiver(server), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var email = Assert.Single(server.Received());
        Assert.True(email.Tls, "the message must travel over TLS");
        Assert.Equal(SmtpServer.User, email.AuthUser);
        Assert.Equal("costwatch@example.com", email.MailFrom);
        Assert.Equal(["oncall@example.com", "second@example.com"], email.Recipients);

        var message = Parse(email);
        Assert.Equal("[FIRING:2] TraceLoss (agent=researcher)", message.Subject);
        Assert.Equal("d-0002@costwatch", message.MessageId);
        Assert.Equal("d-0001@costwatch", message.InReplyTo);
        var threadRoot = EmailThreading.ThreadRoot("oncall-email", notice.GroupKey);
        Assert.Equal([threadRoot, "d-0001@costwatch"], message.References);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.Contains("Reason: new alerts added", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("New (1)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Still firing (1)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<h3>New (1)</h3>", message.HtmlBody, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task SendAsync_SameNoticeTwice_KeepsItsMessageId_AndAFirstNoticeRepliesToTheThreadRoot()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var sender = Sender(server);
        var notice = Firing(deliveryId: "d-retried");

        Assert.IsType<DeliveryOutcome.Delivered>(await sender.SendAsync(notice, "oncall-email", Receiver(server), CancellationToken.None));
        Assert.IsType<DeliveryOutcome.Delivered>(await sender.SendAsync(notice, "oncall-email", Receiver(server), CancellationToken.None));

        var messages = server.Received().Select(Parse).ToList();
        Assert.Equal(["d-retried@costwatch", "d-retried@costwatch"], messages.Select(message => message.MessageId));
        var threadRoot = EmailThreading.ThreadRoot("oncall-email", notice.GroupKey);
        Assert.All(messages, message => Assert.Equal(threadRoot, message.InReplyTo));
        Assert.All(messages, message => Assert.Equal([threadRoot], message.References));
    }

    [SmtpFact]
    public async Task SendAsync_ResolvedNotice_SubjectSaysResolved_AndTheBodyListsItResolved()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var notice = Notice([Alert("researcher", NoticeAlertChange.Resolved)], status: "resolved", reason: "all alerts resolved");

        var outcome = await Sender(server).SendAsync(notice, "oncall-email", Receiver(server), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var message = Parse(Assert.Single(server.Received()));
        Assert.Equal("[RESOLVED] TraceLoss (agent=researcher)", message.Subject);
        Assert.Contains("Resolved (1)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ended: 2025-03-01 09:50:00 UTC", message.TextBody, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task SendAsync_StartTlsRequiredButNotOffered_IsRetried_AndNothingIsSentInClear()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.Plain, authInClear: true);

        var outcome = await Sender(server).SendAsync(Firing(), "oncall-email", Receiver(server), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.Contains("does not offer STARTTLS", retry.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received());
        // Not even an envelope: the client stopped before MAIL FROM (and before AUTH, which was offered in clear).
        Assert.Empty(server.MailCommands());
    }

    [SmtpFact]
    public async Task SendAsync_SelfSignedCertificateWithTheDefaultCheck_IsRetried_AndNothingIsSent()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);

        var outcome = await Sender(trusted: null).SendAsync(Firing(), "oncall-email", Receiver(server), CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.Contains("TLS with 127.0.0.1", retry.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received());
        Assert.Empty(server.MailCommands());
    }

    [SmtpFact]
    public async Task SendAsync_SslOnConnect_DeliversOverImplicitTls()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.ImplicitTls);

        var outcome = await Sender(server).SendAsync(Firing(), "oncall-email", Receiver(server, "SslOnConnect"), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var email = Assert.Single(server.Received());
        Assert.True(email.Tls, "the message must travel over TLS");
        Assert.Equal(SmtpServer.User, email.AuthUser);
    }

    [SmtpFact]
    public async Task SendAsync_SecurityNoneToALoopbackRelay_DeliversInClear()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.Plain);

        var outcome = await Sender(server).SendAsync(Firing(), "local-relay", Receiver(server, "None", login: false), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var email = Assert.Single(server.Received());
        Assert.False(email.Tls);
        Assert.Null(email.AuthUser);
    }

    [Fact]
    public async Task SendAsync_SecurityNoneToARemoteHost_IsDeadWithoutConnecting()
    {
        var receiver = new Worker.Notifications.ReceiverOptions
        {
            Type = "Email",
            To = ["oncall@example.com"],
            From = "costwatch@example.com",
            SmtpHost = "smtp.example.com",
            SmtpPort = 25,
            Security = "None",
        };

        var outcome = await Sender(trusted: null).SendAsync(Firing(), "oncall-email", receiver, CancellationToken.None);

        var dead = Assert.IsType<DeliveryOutcome.Dead>(outcome);
        Assert.Contains("CostWatch:Notifications:Receivers:oncall-email:Security", dead.Error, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task SendAsync_WrongPassword_IsDead()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var receiver = Receiver(server);
        receiver.Password = "not-the-password";

        var outcome = await Sender(server).SendAsync(Firing(), "oncall-email", receiver, CancellationToken.None);

        var dead = Assert.IsType<DeliveryOutcome.Dead>(outcome);
        Assert.Contains("535", dead.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", dead.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received());
    }

    [SmtpFact]
    public async Task SendAsync_RecipientRefusedWith550_IsDead_AndWith451_IsRetried()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var rejecting = Receiver(server);
        rejecting.To = ["oncall@example.com", "reject@example.com"];
        var deferring = Receiver(server);
        deferring.To = ["defer@example.com"];

        var rejected = await Sender(server).SendAsync(Firing(), "oncall-email", rejecting, CancellationToken.None);
        var deferred = await Sender(server).SendAsync(Firing(), "oncall-email", deferring, CancellationToken.None);

        Assert.Contains("550", Assert.IsType<DeliveryOutcome.Dead>(rejected).Error, StringComparison.Ordinal);
        Assert.Contains("451", Assert.IsType<DeliveryOutcome.Retry>(deferred).Error, StringComparison.Ordinal);
        // No partial delivery to the recipients that were accepted.
        Assert.Empty(server.Received());
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsRetried()
    {
        var receiver = new Worker.Notifications.ReceiverOptions
        {
            Type = "Email",
            To = ["oncall@example.com"],
            From = "costwatch@example.com",
            SmtpHost = "127.0.0.1",
            SmtpPort = FreePort.Next(),
            Security = "SslOnConnect",
        };

        var outcome = await Sender(trusted: null).SendAsync(Firing(), "oncall-email", receiver, CancellationToken.None);

        Assert.Contains("connection to 127.0.0.1", Assert.IsType<DeliveryOutcome.Retry>(outcome).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServerThatNeverGreets_IsRetriedAfterTheTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync();
        var receiver = new Worker.Notifications.ReceiverOptions
        {
            Type = "Email",
            To = ["oncall@example.com"],
            From = "costwatch@example.com",
            SmtpHost = "127.0.0.1",
            SmtpPort = ((IPEndPoint)listener.LocalEndpoint).Port,
            Timeout = TimeSpan.FromSeconds(1),
        };

        var outcome = await Sender(trusted: null).SendAsync(Firing(), "oncall-email", receiver, CancellationToken.None);

        var retry = Assert.IsType<DeliveryOutcome.Retry>(outcome);
        Assert.Contains($"127.0.0.1:{receiver.SmtpPort}", retry.Error, StringComparison.Ordinal);
        using var connection = await accepting;
    }

    [SmtpFact]
    public async Task SendAsync_FormattingFails_SendsThePlainFallbackWithTheError()
    {
        await using var server = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var outcome = await Sender(server, new FailingRenderer(new FormatException("template broke at {{ .Oops }}"))).SendAsync(Firing(deliveryId: "d-fallback"), "oncall-email", Receiver(server),
            CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var message = Parse(Assert.Single(server.Received()));
        Assert.Equal("[FIRING:1] CostWatch notice (formatting failed)", message.Subject);
        Assert.Equal("d-fallback@costwatch", message.MessageId);
        Assert.IsType<TextPart>(message.Body);
        Assert.Contains("FormatException: template broke at {{ .Oops }}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("TraceLoss fingerprint fp-researcher", message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A formatting that always fails (NSubstitute cannot proxy the worker's internal interfaces).</summary>
    private sealed class FailingRenderer(Exception error) : IEmailContentRenderer
    {
        public EmailContent Render(Notice notice, string receiverName) => throw error;
    }
}

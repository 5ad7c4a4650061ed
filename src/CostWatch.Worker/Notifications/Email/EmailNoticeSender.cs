using CostWatch.Core.Notifications;
using CostWatch.Worker.Observability;
using MailKit.Net.Smtp;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Delivers a notice as one e-mail through the receiver's SMTP server (MailKit), one connection per notice. A
/// retried notice is the same message with the same <c>Message-Id</c>, so the mailbox can tell it is a repeat.
/// </summary>
internal sealed class EmailNoticeSender(
    EmailMessageFactory messages,
    SmtpServerCertificateCheck certificateCheck,
    ILogger<EmailNoticeSender> logger) : INoticeSender
{
    public const string Type = "Email";

    public string ReceiverType => Type;

    public async Task<DeliveryOutcome> SendAsync(Notice notice, string receiverName, ReceiverOptions receiver, CancellationToken cancellationToken)
    {
        // Checked at start-up already; checked again so that nothing, ever, goes out in clear text to a remote host.
        var problems = EmailReceiverValidator.ValidateForSending(receiverName, receiver);
        if (problems.Count > 0)
        {
            var error = string.Join(" ", problems);
            Log.EmailDead(logger, notice.DeliveryId, receiverName, "checking the receiver", error);
            return new DeliveryOutcome.Dead(error);
        }

        SmtpSecurityModes.TryParse(receiver.Security, out var security);
        var host = receiver.SmtpHost!;
        var message = messages.Create(notice, receiverName, receiver);
        Log.EmailRecipients(logger, notice.DeliveryId, receiverName, string.Join(", ", receiver.To));

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(receiver.Timeout);
        using var client = new SmtpClient
        {
            // Per network operation; the token above bounds the attempt as a whole.
            Timeout = (int)Math.Min(receiver.Timeout.TotalMilliseconds, int.MaxValue),
            ServerCertificateValidationCallback = certificateCheck.Callback,
        };
        var phase = SmtpPhase.Connecting;
        try
        {
            await client.ConnectAsync(host, receiver.SmtpPort, SmtpSecurityModes.SocketOptions(security), attempt.Token);
            if (!string.IsNullOrEmpty(receiver.Username))
            {
                phase = SmtpPhase.Authenticating;
                // CostWatch has no OAuth token to offer; a user name and password only.
                client.AuthenticationMechanisms.Remove("XOAUTH2");
                client.AuthenticationMechanisms.Remove("OAUTHBEARER");
                await client.AuthenticateAsync(receiver.Username, receiver.Password ?? "", attempt.Token);
            }

            phase = SmtpPhase.Sending;
            await client.SendAsync(message, attempt.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(notice, receiverName, phase,
                new DeliveryOutcome.Retry($"no answer from {host}:{receiver.SmtpPort} within the receiver's Timeout ({receiver.Timeout}) while {Describe(phase)}", After: null));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (SmtpFailureClassifier.Classify(e, phase, host, receiver.SmtpPort) is { } outcome)
            {
                return Failed(notice, receiverName, phase, outcome);
            }

            // Not MailKit's nor the network's: a bug. Logged in full and retried, so the notice is not lost to it.
            Log.EmailUnexpectedFailure(logger, notice.DeliveryId, receiverName, Describe(phase), e);
            return new DeliveryOutcome.Retry($"{e.GetType().Name} while {Describe(phase)}: {e.Message}", After: null);
        }

        // The server has accepted the message: nothing after this, not even shutting down, makes it undelivered,
        // or it would be sent twice. So QUIT gets its own time limit and the caller's token does not cancel it.
        try
        {
            using var quit = new CancellationTokenSource(receiver.Timeout);
            await client.DisconnectAsync(quit: true, quit.Token);
        }
        catch (Exception e)
        {
            Log.EmailQuitFailed(logger, notice.DeliveryId, host, receiver.SmtpPort, e);
        }

        Log.EmailDelivered(logger, notice.DeliveryId, receiverName, host, receiver.SmtpPort, receiver.To.Length);
        return new DeliveryOutcome.Delivered();
    }

    private DeliveryOutcome Failed(Notice notice, string receiverName, SmtpPhase phase, DeliveryOutcome outcome)
    {
        switch (outcome)
        {
            case DeliveryOutcome.Retry retry:
                Log.EmailRetry(logger, notice.DeliveryId, receiverName, Describe(phase), retry.Error);
                break;
            case DeliveryOutcome.Dead dead:
                Log.EmailDead(logger, notice.DeliveryId, receiverName, Describe(phase), dead.Error);
                break;
        }

        return outcome;
    }

    private static string Describe(SmtpPhase phase) => phase switch
    {
        SmtpPhase.Connecting => "connecting",
        SmtpPhase.Authenticating => "authenticating",
        _ => "sending",
    };
}

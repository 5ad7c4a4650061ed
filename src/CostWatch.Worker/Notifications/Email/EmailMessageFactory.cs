using CostWatch.Core.Notifications;
using CostWatch.Worker.Observability;
using MimeKit;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Builds the MIME message of a notice: addresses, ids and threading headers, and the content from the
/// <see cref="IEmailContentRenderer"/>, or the fallback when it fails.
/// </summary>
internal sealed class EmailMessageFactory(IEmailContentRenderer renderer, TimeProvider time, ILogger<EmailMessageFactory> logger)
{
    /// <exception cref="ParseException">From or To is not an address (the validator rules that out at start-up).</exception>
    public MimeMessage Create(Notice notice, string receiverName, ReceiverOptions receiver)
    {
        var content = Render(notice, receiverName);
        var message = new MimeMessage
        {
            Subject = content.Subject,
            Date = time.GetUtcNow(),
            MessageId = EmailThreading.MessageId(notice.DeliveryId),
        };
        message.From.Add(MailboxAddress.Parse(receiver.From ?? ""));
        foreach (var to in receiver.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        // Every notice of the group references the group's root; a later one also replies to the notice before it.
        var threadRoot = EmailThreading.ThreadRoot(receiverName, notice.GroupKey);
        message.References.Add(threadRoot);
        if (notice.PreviousDeliveryId is { Length: > 0 } previous)
        {
            var previousId = EmailThreading.MessageId(previous);
            message.References.Add(previousId);
            message.InReplyTo = previousId;
        }
        else
        {
            message.InReplyTo = threadRoot;
        }

        // RFC 3834: automatic mail; vacation responders and Exchange's auto-replies stay quiet.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Headers.Add("X-CostWatch-Delivery-Id", notice.DeliveryId);

        message.Body = content.Html is null
            ? new TextPart("plain") { Text = content.Text }
            : new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return message;
    }

    private EmailContent Render(Notice notice, string receiverName)
    {
        try
        {
            return renderer.Render(notice, receiverName);
        }
        catch (Exception e)
        {
            // Not swallowed: logged, and the error is in the body that is sent instead.
            Log.EmailFormattingFailed(logger, notice.DeliveryId, e);
            return EmailFallbackContent.For(notice, receiverName, e);
        }
    }
}

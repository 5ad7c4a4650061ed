using CostWatch.Core.Notifications;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>The built-in e-mail formatting: <see cref="EmailSubject"/>, <see cref="EmailTextBody"/> and <see cref="EmailHtmlBody"/>.</summary>
internal sealed class NoticeEmailRenderer : IEmailContentRenderer
{
    public EmailContent Render(Notice notice, string receiverName)
    {
        var subject = EmailSubject.For(notice);
        return new EmailContent(subject, EmailTextBody.Write(notice, receiverName, subject), EmailHtmlBody.Write(notice, receiverName, subject));
    }
}

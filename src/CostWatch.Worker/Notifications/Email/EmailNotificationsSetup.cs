using CostWatch.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CostWatch.Worker.Notifications.Email;

internal static class EmailNotificationsSetup
{
    /// <summary>
    /// The e-mail sender for receivers of Type Email. The dispatcher finds it among the <see cref="INoticeSender"/>s
    /// by its <see cref="INoticeSender.ReceiverType"/>. The formatting and the certificate check are registered only
    /// when nothing else is, so a host (or a test) can put its own in place first.
    /// </summary>
    public static WebApplicationBuilder AddEmailNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(SmtpServerCertificateCheck.System);
        builder.Services.TryAddSingleton<IEmailContentRenderer, NoticeEmailRenderer>();
        builder.Services.AddSingleton<EmailMessageFactory>();
        builder.Services.AddSingleton<INoticeSender, EmailNoticeSender>();
        builder.Services.AddSingleton<IStartupCheck, EmailFormattingCheck>();
        return builder;
    }
}

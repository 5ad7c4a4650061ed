using CostWatch.Worker.Hosting;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Notifications.Email;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CostWatch.Worker.Tests.Notifications.Email;

/// <summary>What <c>AddEmailNotifications</c> registers for the dispatcher and the start-up check.</summary>
public sealed class EmailNotificationsSetupTests
{
    [Fact]
    public async Task AddEmailNotifications_RegistersTheEmailSender_WithTheSystemCertificateCheck_AndAPassingFormattingCheck()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEmailNotifications();
        await using var services = builder.Services.BuildServiceProvider();

        var sender = Assert.Single(services.GetServices<INoticeSender>());
        Assert.Equal("Email", sender.ReceiverType);
        Assert.IsType<EmailNoticeSender>(sender);
        Assert.Null(services.GetRequiredService<SmtpServerCertificateCheck>().Callback);
        Assert.Empty(services.GetServices<IStartupCheck>().SelectMany(check => check.StartupFailures));
    }
}

using CostWatch.Storage;
using CostWatch.Storage.Notifications;
using CostWatch.Worker.Notifications.Webhook;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Notifications;

internal static class NotificationsSetup
{
    /// <summary>
    /// Notifications (<c>CostWatch:Notifications</c>): the dispatcher that takes the alert outbox to receivers, and the
    /// webhook sender. Other senders register their <see cref="INoticeSender"/> alongside (e-mail: <c>AddEmailNotifications</c>).
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                NotificationConfiguration.Bind(configuration.GetSection(NotificationOptions.Section), options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton(provider => (INotificationStore)provider.GetRequiredService<ITelemetryStore>());
        services.AddSingleton<INoticeSender, WebhookSender>();
        services.AddSingleton<NotificationReceivers>();
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<NotificationDispatcher>();
        // The loops run only when there is someone to notify (the configuration is read once, at start-up).
        if (builder.Configuration.GetSection($"{NotificationOptions.Section}:Receivers").GetChildren().Any())
        {
            services.AddHostedService<NotificationService>();
        }

        return builder;
    }
}

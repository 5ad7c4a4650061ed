using CostWatch.Worker.Alerting;
using CostWatch.Worker.Api;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Health;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Jobs;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Notifications.Email;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Hosting;

/// <summary>The host, built the same way by <c>Program</c> and by the tests (which may swap services, such as the clock).</summary>
internal static class CostWatchApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json ships next to the binary; relative paths in settings (the SQLite file) stay relative
        // to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCostWatchStorage();
        builder.AddPricing();
        builder.AddIngest();
        builder.AddRollups();
        builder.AddAlertRules();
        builder.AddAlerting();
        builder.AddCostDimensions();
        builder.AddJobs();
        builder.AddMetrics();
        builder.AddApi();
        builder.AddNotifications();
        builder.AddEmailNotifications();
        configure?.Invoke(builder);

        var app = builder.Build();
        ConfigurationCheck.ThrowIfInvalid(app.Services);
        app.MapIngest();
        app.MapHealth();
        app.MapMetrics();
        app.MapApi();
        return app;
    }
}

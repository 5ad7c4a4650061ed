using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Costs;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Storage;

internal static class StorageSetup
{
    /// <summary>The store named by <c>CostWatch:Storage:Provider</c> and <c>ConnectionStrings:CostWatch</c>, migrated at start-up.</summary>
    public static WebApplicationBuilder AddCostWatchStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, OptionsValidator>();
        builder.Services.AddSingleton(services => CreateStore(
            services.GetRequiredService<IOptions<StorageOptions>>().Value, services.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(services => (IRollupStore)services.GetRequiredService<ITelemetryStore>());
        // Both stores answer the cost queries too (SqlTelemetryStore.Queries.cs).
        builder.Services.AddSingleton(services => (ICostQueryStore)services.GetRequiredService<ITelemetryStore>());
        // And silences and the alert reads (SqlTelemetryStore.Silences.cs, SqlTelemetryStore.AlertQueries.cs).
        builder.Services.AddSingleton(services => (ISilenceStore)services.GetRequiredService<ITelemetryStore>());
        builder.Services.AddSingleton(services => (IAlertQueryStore)services.GetRequiredService<ITelemetryStore>());
        builder.Services.AddSingleton<StoreReadiness>();
        builder.Services.AddHostedService<SchemaInitializer>();
        return builder;
    }

    public static ITelemetryStore CreateStore(StorageOptions options, IConfiguration configuration) =>
        TelemetryStoreFactory.Create(options.ParsedProvider,
            configuration.GetConnectionString("CostWatch") ?? StorageOptions.DefaultConnectionString);
}

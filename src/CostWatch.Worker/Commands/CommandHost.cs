using System.Data.Common;
using CostWatch.Storage;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Commands;

/// <summary>
/// What the store commands (<c>costs</c>, <c>reprice</c>) share: the worker's host built but never started (same
/// configuration, same checks, same services), and one set of exit codes: 1 when the store cannot answer, 2 for
/// bad arguments or configuration.
/// </summary>
internal static class CommandHost
{
    /// <param name="configurationArgs">Configuration overrides such as <c>--ConnectionStrings:CostWatch=...</c>.</param>
    /// <param name="time">Replaces the clock (tests); null keeps the host's.</param>
    public static async Task<int> RunAsync(string command, IReadOnlyList<string> configurationArgs, TimeProvider? time,
        TextWriter error, Func<IServiceProvider, Task<int>> run)
    {
        WebApplication app;
        try
        {
            app = CostWatchApp.Build([.. configurationArgs], builder =>
            {
                if (time is not null)
                {
                    builder.Services.Replace(ServiceDescriptor.Singleton(time));
                }
            });
        }
        catch (InvalidConfigurationException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }

        await using (app)
        {
            try
            {
                return await run(app.Services);
            }
            catch (Exception e) when (e is DbException or TimeoutException)
            {
                await error.WriteLineAsync($"{command}: the store could not answer: {e.Message}");
                return 1;
            }
        }
    }

    /// <summary>
    /// True when the store exists and its schema is current; otherwise says why on <paramref name="error"/>. A
    /// missing SQLite file is not opened: opening would create an empty database.
    /// </summary>
    public static async Task<bool> StoreReadyAsync(string command, IServiceProvider services, TextWriter error)
    {
        if (MissingSqliteFile(services) is { } missing)
        {
            await error.WriteLineAsync($"{command}: there is no SQLite database at {missing}: point ConnectionStrings:CostWatch at the worker's file.");
            return false;
        }

        var store = services.GetRequiredService<ITelemetryStore>();
        var status = await store.GetSchemaStatusAsync(CancellationToken.None);
        if (!status.IsCurrent)
        {
            await error.WriteLineAsync(
                $"{command}: the {store.Provider} store's schema is at version {status.Current}, this build expects {status.Latest}: run 'migrate' or start the worker first.");
            return false;
        }

        return true;
    }

    private static string? MissingSqliteFile(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.ParsedProvider != StorageProvider.Sqlite)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(
            services.GetRequiredService<IConfiguration>().GetConnectionString("CostWatch") ?? StorageOptions.DefaultConnectionString);
        var path = Path.GetFullPath(builder.DataSource);
        return builder.Mode == SqliteOpenMode.Memory || File.Exists(path) ? null : path;
    }
}

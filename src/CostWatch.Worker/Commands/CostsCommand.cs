using System.Data.Common;
using CostWatch.Core.Costs;
using CostWatch.Storage;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Commands;

/// <summary>
/// <c>CostWatch.Worker costs --since 24h --by agent</c>: the cost API's query, printed as a table. The host is
/// built as for a worker (same configuration, same checks, same services) but never started. Exit codes:
/// 0 answered, 1 the store could not answer, 2 bad arguments or configuration.
/// </summary>
internal static class CostsCommand
{
    /// <param name="time">Replaces the clock (tests); null keeps the host's.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error,
        TimeProvider? time = null)
    {
        CostsCommandLine commandLine;
        try
        {
            commandLine = CostsCommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"costs: {e.Message}\n{CostsCommandLine.Usage}");
            return 2;
        }

        WebApplication app;
        try
        {
            app = CostWatchApp.Build([.. commandLine.ConfigurationArgs], builder =>
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
            return await RunAsync(app.Services, commandLine.Request, output, error);
        }
    }

    private static async Task<int> RunAsync(IServiceProvider services, CostRequest request, TextWriter output,
        TextWriter error)
    {
        try
        {
            var spec = services.GetRequiredService<CostRequestParser>().ParseCosts(request);
            if (MissingSqliteFile(services) is { } missing)
            {
                // Opening it would create an empty database; there is nothing to report from.
                await error.WriteLineAsync($"costs: there is no SQLite database at {missing}: point ConnectionStrings:CostWatch at the worker's file.");
                return 1;
            }

            var store = services.GetRequiredService<ITelemetryStore>();
            var status = await store.GetSchemaStatusAsync(CancellationToken.None);
            if (!status.IsCurrent)
            {
                await error.WriteLineAsync(
                    $"costs: the {store.Provider} store's schema is at version {status.Current}, this build expects {status.Latest}: run 'migrate' or start the worker first.");
                return 1;
            }

            var report = await services.GetRequiredService<CostReporter>().RunAsync(spec, CancellationToken.None);
            CostTable.Write(output, report);
            return 0;
        }
        catch (QueryParameterException e)
        {
            await error.WriteLineAsync($"costs: {CostsCommandLine.OptionFor(e.Parameter)}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            await error.WriteLineAsync($"costs: the store could not answer: {e.Message}");
            return 1;
        }
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

using System.Data.Common;
using CostWatch.Core.Costs;
using CostWatch.Storage;
using CostWatch.Storage.Costs;
using CostWatch.Worker.Api;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Commands;

/// <summary>
/// <c>CostWatch.Worker costs --since 24h --by agent</c>: the cost API's query, printed as a table. Exit codes:
/// 0 answered, 1 the store could not answer, 2 bad arguments or configuration.
/// </summary>
internal static class CostsCommand
{
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

        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. commandLine.ConfigurationArgs]);
        var storage = Bind<StorageOptions>(configuration, StorageOptions.Section);
        var costs = Bind<CostsOptions>(configuration, CostsOptions.Section);
        var api = Bind<ApiOptions>(configuration, ApiOptions.Section);
        var failures = new[]
            {
                new OptionsValidator().Validate(null, storage), new ApiOptionsValidator().Validate(null, costs),
                new ApiOptionsValidator().Validate(null, api),
            }
            .Where(v => v.Failed).SelectMany(v => v.Failures ?? []).ToList();
        if (failures.Count > 0)
        {
            await error.WriteLineAsync(new InvalidConfigurationException(failures).Message);
            return 2;
        }

        var parser = new CostRequestParser(time ?? TimeProvider.System,
            Options.Create(Bind<RollupOptions>(configuration, RollupOptions.Section)), Options.Create(costs), Options.Create(api));
        CostReportSpec spec;
        try
        {
            spec = parser.ParseCosts(commandLine.Request);
        }
        catch (QueryParameterException e)
        {
            await error.WriteLineAsync($"costs: {CostsCommandLine.OptionFor(e.Parameter)}: {e.Message}");
            return 2;
        }

        if (MissingSqliteFile(storage, configuration) is { } missing)
        {
            // Opening it would create an empty database; there is nothing to report from.
            await error.WriteLineAsync($"costs: there is no SQLite database at {missing}: point ConnectionStrings:CostWatch at the worker's file.");
            return 1;
        }

        var store = StorageSetup.CreateStore(storage, configuration);
        try
        {
            var status = await store.GetSchemaStatusAsync(CancellationToken.None);
            if (!status.IsCurrent)
            {
                await error.WriteLineAsync(
                    $"costs: the {store.Provider} store's schema is at version {status.Current}, this build expects {status.Latest}: run 'migrate' or start the worker first.");
                return 1;
            }

            var report = await new CostReporter((ICostQueryStore)store).RunAsync(spec, CancellationToken.None);
            CostTable.Write(output, report);
            return 0;
        }
        catch (QueryParameterException e)
        {
            await error.WriteLineAsync($"costs: {CostsCommandLine.OptionFor(e.Parameter)}: {e.Message}");
            return 2;
        }
        catch (DbException e)
        {
            await error.WriteLineAsync($"costs: the {store.Provider} store could not answer: {e.Message}");
            return 1;
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static string? MissingSqliteFile(StorageOptions storage, IConfiguration configuration)
    {
        if (storage.ParsedProvider != StorageProvider.Sqlite)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString("CostWatch") ?? StorageOptions.DefaultConnectionString);
        var path = Path.GetFullPath(builder.DataSource);
        return builder.Mode == SqliteOpenMode.Memory || File.Exists(path) ? null : path;
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}

using CostWatch.Worker.Commands;
using CostWatch.Worker.Hosting;

// `CostWatch.Worker migrate` migrates the store and exits; with no command the worker runs.
if (args is ["migrate", ..])
{
    var configuration = new ConfigurationManager();
    configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true).AddEnvironmentVariables().AddCommandLine(args[1..]);
    return await MigrateCommand.RunAsync(configuration, Console.Out, Console.Error);
}

// `CostWatch.Worker reprice --from T --to T [--dry-run]` re-prices a time range with the catalog in force.
if (args is ["reprice", ..])
{
    return await RepriceCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// `CostWatch.Worker costs --since 24h --by agent` prints the cost API's answer as a table and exits.
if (args is ["costs", ..])
{
    return await CostsCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// `CostWatch.Worker healthcheck` exits 0 when the worker's own /readyz answers 200: the container's HEALTHCHECK.
if (args is ["healthcheck", ..])
{
    var configuration = new ConfigurationManager();
    configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true).AddEnvironmentVariables().AddCommandLine(args[1..]);
    return await HealthcheckCommand.RunAsync(configuration, Console.Out, Console.Error);
}

var app = CostWatchApp.Build(args);
await app.RunAsync();
return Environment.ExitCode;

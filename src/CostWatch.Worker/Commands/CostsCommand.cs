using CostWatch.Core.Costs;
using CostWatch.Worker.Costs;

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

        return await CommandHost.RunAsync("costs", commandLine.ConfigurationArgs, time, error,
            services => RunAsync(services, commandLine.Request, output, error));
    }

    private static async Task<int> RunAsync(IServiceProvider services, CostRequest request, TextWriter output,
        TextWriter error)
    {
        try
        {
            var spec = services.GetRequiredService<CostRequestParser>().ParseCosts(request);
            if (!await CommandHost.StoreReadyAsync("costs", services, error))
            {
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
    }
}

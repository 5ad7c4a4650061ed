using CostWatch.Benchmarks.Alerts;
using CostWatch.Benchmarks.Api;
using CostWatch.Benchmarks.Decode;
using CostWatch.Benchmarks.Ingest;
using CostWatch.Benchmarks.Notify;
using CostWatch.Benchmarks.Payload;
using CostWatch.Benchmarks.Report;
using CostWatch.Benchmarks.Stores;

namespace CostWatch.Benchmarks;

/// <summary>
/// <c>decode</c>, <c>ingest --store sqlite|postgres</c>, <c>api [--store sqlite|postgres]</c>, <c>alerts [--store sqlite|postgres]</c>, <c>notify [--store ...]</c> or <c>all</c>; progress goes to stderr, the markdown
/// report to stdout (and to <c>--report</c>). Exits 1 when a part could not be measured.
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{BenchmarkOptions.Usage}");
            return 2;
        }

        // Ctrl+C stops the load and still stops the worker and the cluster on the way out.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var progress = Console.Error;
        progress.WriteLine("generating template exports");
        var templates = TemplateSet.Build(options.Clients, options.Batch);
        var report = new BenchmarkReport
        {
            Command = Environment.GetEnvironmentVariable("COSTWATCH_BENCH_COMMAND") is { Length: > 0 } command
                ? command
                : "dotnet CostWatch.Benchmarks.dll " + string.Join(' ', args),
            Options = options,
            Machine = MachineInfo.Read(),
            BytesPerSpan = templates.BytesPerSpan,
            Payload = templates.Describe(),
            Revision = SourceRevision.Describe(),
        };

        if (options.Mode is BenchmarkMode.Decode or BenchmarkMode.All)
        {
            report.Decode = DecodeBenchmark.Run(templates, progress);
        }

        var stores = options.Mode switch
        {
            BenchmarkMode.All => [StoreChoice.Sqlite, StoreChoice.Postgres],
            BenchmarkMode.Ingest => [options.Store!.Value],
            _ => Array.Empty<StoreChoice>(),
        };
        foreach (var store in stores)
        {
            await RunStoreAsync(store, report, async server =>
            {
                for (var run = 0; run < options.Repeat; run++)
                {
                    report.Ingest.Add(await IngestBenchmark.RunAsync(server, templates, TimeSpan.FromSeconds(options.Warmup),
                        TimeSpan.FromSeconds(options.Seconds), progress, cancellation.Token));
                }
            }, cancellation.Token);
        }

        var apiStores = options.Mode switch
        {
            BenchmarkMode.All => [StoreChoice.Sqlite, StoreChoice.Postgres],
            BenchmarkMode.Api => options.Store is { } only ? [only] : [StoreChoice.Sqlite, StoreChoice.Postgres],
            _ => Array.Empty<StoreChoice>(),
        };
        foreach (var store in apiStores)
        {
            await RunStoreAsync(store, report, async server =>
                report.Api.Add(await ApiBenchmark.RunAsync(server, options, progress, cancellation.Token)), cancellation.Token);
        }

        var alertStores = options.Mode switch
        {
            BenchmarkMode.All => [StoreChoice.Sqlite, StoreChoice.Postgres],
            BenchmarkMode.Alerts => options.Store is { } only ? [only] : [StoreChoice.Sqlite, StoreChoice.Postgres],
            _ => Array.Empty<StoreChoice>(),
        };
        foreach (var store in alertStores)
        {
            await RunStoreAsync(store, report, async server =>
                report.Alerts.Add(await AlertBenchmark.RunAsync(server, options, progress, cancellation.Token)), cancellation.Token);
        }

        if (options.Mode == BenchmarkMode.Notify)
        {
            await RunStoreAsync(options.Store ?? StoreChoice.Sqlite, report, async server =>
                report.Notify = await NotifyBenchmark.RunAsync(server, options, progress, cancellation.Token), cancellation.Token);
        }

        var markdown = new StringWriter();
        MarkdownReport.Write(markdown, report);
        markdown.WriteLine();
        Console.Out.Write(markdown.ToString());
        if (options.ReportPath is { } path)
        {
            await File.WriteAllTextAsync(path, markdown.ToString());
        }

        return report.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs one part against a store server of its own; what goes wrong is reported, not thrown.</summary>
    private static async Task RunStoreAsync(StoreChoice store, BenchmarkReport report, Func<StoreServer, Task> run,
        CancellationToken cancellationToken)
    {
        StoreServer server;
        try
        {
            server = store == StoreChoice.Sqlite ? new SqliteStoreServer() : PostgresStoreServer.Start();
        }
        catch (InvalidOperationException e)
        {
            report.Failures.Add($"{store}: {e.Message}");
            return;
        }

        await using (server)
        {
            try
            {
                report.StoreSettings[server.DisplayName] = await server.DescribeAsync(cancellationToken);
                await run(server);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or TimeoutException or System.Data.Common.DbException
                                          or HttpRequestException)
            {
                report.Failures.Add($"{server.DisplayName}: {e.Message}");
            }
        }
    }
}

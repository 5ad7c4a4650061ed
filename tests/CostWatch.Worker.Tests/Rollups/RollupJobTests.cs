using System.Diagnostics.Metrics;
using System.Globalization;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;
using CostWatch.Storage;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;
using CostWatch.Worker.Jobs;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Storage;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NSubstitute;
using OpenTelemetry.Exporter;
using Quartz;

namespace CostWatch.Worker.Tests.Rollups;

public sealed class RollupJobTests
{
    [Theory]
    [StoreProviders]
    public async Task TheRollupJob_OnItsSchedule_RollsUpWhatTheSdkSent_ExactlyOnce(StorageProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var worker = await WorkerHost.StartAsync(provider,
            settings: new Dictionary<string, string> { ["CostWatch:Rollups:Interval"] = "00:00:10" },
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var traceIds = new List<Guid>();
        using (var agents = new AgentTraces(worker.GrpcUrl, OtlpExportProtocol.Grpc))
        {
            traceIds.Add(Guid.Parse(agents.Run("researcher", "s-1", llmCalls: 3, toolCalls: 2).TraceId));
            traceIds.Add(Guid.Parse(agents.Run("writer", "s-1", llmCalls: 2, toolCalls: 1, model: "claude-sonnet-4-5").TraceId));
            traceIds.Add(Guid.Parse(agents.Run("researcher", "s-2", llmCalls: 1, toolCalls: 0, model: "no-such-model-x").TraceId));
            Assert.True(agents.Flush());
        }

        var rollups = worker.Services.GetRequiredService<IRollupStore>();
        var calls = new List<LlmCall>();
        foreach (var trace in traceIds)
        {
            // The attribution pass coalesces on the worker's clock: move it along while waiting.
            calls.AddRange(await Eventually.GetAsync(() =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(300));
                return worker.Store.GetLlmCallsAsync(trace, default);
            }, c => c.Count > 0 && c.All(x => x.Attribution != AttributionState.Pending), "attributed calls"));
        }

        // Each interval the job takes what the previous pass found final: a few ticks roll everything up.
        await Eventually.GetAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            return await rollups.CountRollupBacklogAsync(default);
        }, backlog => backlog == 0, "an empty rollup backlog");

        // Ticks with nothing new add nothing: every record was rolled up once.
        clock.Advance(TimeSpan.FromSeconds(30));
        var day = await DayTotalsAsync(worker);
        Assert.Equal(6, day.Calls);
        Assert.Equal(1, day.Unpriced);
        Assert.Equal(calls.Where(c => c.CostUsd is not null).Sum(c => c.CostUsd!.Value), day.CostUsd);
        Assert.True(day.CostUsd > 0m);
        Assert.Equal(3, day.Runs);
        Assert.Equal(6, day.Iterations);
        Assert.Equal(3, day.ToolCalls);
    }

    [Fact]
    public async Task IndexesThatCannotBeSummarized_AreWarnedAbout_AndThePassRunsAnyway()
    {
        var store = Substitute.For<IRollupStore>();
        store.SummarizeRollupIndexesAsync(default).ReturnsForAnyArgs(Task.FromException(new NpgsqlException("must be owner of index")));
        store.RollUpAsync(default, default, default).ReturnsForAnyArgs(new RollupPass(true, 1, 0, 0, 3, null));
        var logger = new RecordingLogger<RollupJob>();

        await NewJob(store, [], logger).Execute(Substitute.For<IJobExecutionContext>(), CancellationToken.None);

        await store.ReceivedWithAnyArgs(1).RollUpAsync(default, default, default);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("rollup indexes", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// After a backlog: the first window held more than MaxRecordsPerPass (200), the next, half as wide, took its
    /// oldest part, and the job went on at once with a window as wide as should hold three quarters of the bound at
    /// that density (500 transactions held 100 records: 750), until caught up.
    /// </summary>
    [Fact]
    public async Task AfterABacklog_TheJobNarrowsAWindowThatHeldTooMany_AndRunsBoundedPassesUntilCaughtUp()
    {
        var store = Substitute.For<IRollupStore>();
        var asked = new List<RollupBounds>();
        var passes = new Queue<RollupPass>([
            RollupPass.Skipped with { Transactions = 1_000, TooLarge = true },
            new RollupPass(true, 80, 10, 10, 5, null) { Transactions = 500, MoreWaiting = true },
            new RollupPass(true, 30, 5, 5, 5, null) { Transactions = 300 },
        ]);
        store.RollUpAsync(default, default, default).ReturnsForAnyArgs(call =>
        {
            asked.Add(call.ArgAt<RollupBounds>(1));
            return passes.Dequeue();
        });
        var windows = new[] { Substitute.For<IRollupWindow>(), Substitute.For<IRollupWindow>(), Substitute.For<IRollupWindow>() };
        var observer = Substitute.For<IRollupObserver>();
        observer.BeginWindow().Returns(windows[0], windows[1], windows[2]);
        var logger = new RecordingLogger<RollupJob>();

        await NewJob(store, [observer], logger, maxRecordsPerPass: 200)
            .Execute(Substitute.For<IJobExecutionContext>(), CancellationToken.None);

        Assert.Equal([new RollupBounds(long.MaxValue, 200), new RollupBounds(500, 200), new RollupBounds(750, 200)], asked);
        Assert.Empty(passes);
        windows[0].DidNotReceive().Complete(); // it saw records that were not rolled up
        windows[1].Received(1).Complete();
        windows[2].Received(1).Complete();
        Assert.Equal(
        [
            "Rollup window of 1000 transactions held more than 200 records (CostWatch:Rollups:MaxRecordsPerPass); taking it in narrower passes",
            "Rolled up a backlog in 2 bounded passes, 140 records in all",
        ], logger.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.Message));
    }

    private static RollupJob NewJob(IRollupStore store, IEnumerable<IRollupObserver> observers, RecordingLogger<RollupJob> logger,
        int maxRecordsPerPass = 2_000_000)
    {
        var readiness = new StoreReadiness();
        readiness.MarkSchemaReady();
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var bounds = new RollupPassBounds(Options.Create(new RollupOptions { MaxRecordsPerPass = maxRecordsPerPass }));
        return new RollupJob(store, readiness, observers, bounds, TimeProvider.System, new CostWatchMetrics(meters), logger);
    }

    private static async Task<(long Calls, long Unpriced, decimal CostUsd, long Runs, long Iterations, long ToolCalls)> DayTotalsAsync(
        WorkerHost worker)
    {
        var llm = await worker.QueryAsync("SELECT calls, unpriced_calls, cost_usd FROM llm_rollups WHERE resolution = 86400");
        var runs = await worker.QueryAsync("SELECT runs, iterations FROM run_rollups WHERE resolution = 86400");
        var tools = await worker.QueryAsync("SELECT calls FROM tool_rollups WHERE resolution = 86400");
        return (llm.Sum(r => Long(r[0])), llm.Sum(r => Long(r[1])), llm.Sum(r => Money(r[2])), runs.Sum(r => Long(r[0])),
            runs.Sum(r => Long(r[1])), tools.Sum(r => Long(r[0])));
    }

    private static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static decimal Money(object value) => value is string text
        ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
        : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}

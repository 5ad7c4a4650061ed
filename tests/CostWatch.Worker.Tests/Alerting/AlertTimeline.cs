using System.Globalization;
using CostWatch.Core.Alerting;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Attribution;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>
/// Drives a worker on a fake clock through evaluation rounds at fixed times: start + k x the evaluation interval.
/// Telemetry sent between two rounds is attributed and rolled up before the clock moves, by the same passes the
/// worker's jobs run (called here directly, so nothing depends on when a trigger fires); then the clock jumps to the
/// next round's time, and the round is run there. The worker's own Quartz jobs fire on every jump too: the store
/// runs one round per time (a second one finds it done and changes nothing), so whichever runs it, the outcome is
/// the same. A test may stop the worker, move the clock on and start another on the same database (a restart).
/// </summary>
internal sealed class AlertTimeline(WorkerHost worker, FakeTimeProvider clock, TimeSpan interval)
{
    private readonly DateTime _start = clock.GetUtcNow().UtcDateTime;

    /// <summary>The worker the rounds run on; replaced by a test that restarts it.</summary>
    public WorkerHost Worker { get; set; } = worker;

    /// <summary>The number of the round the clock stands at (0 at start-up).</summary>
    public int Round { get; private set; }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateTime TimeOf(int round) => _start + (interval * round);

    /// <summary>Waits until everything the SDK sent is attributed, then rolled up into the alert samples; the clock stays put.</summary>
    public async Task DeliverAsync(AlertWorkload workload)
    {
        Assert.True(workload.Flush());
        var traces = workload.TakeTraces();
        var attribution = Worker.Services.GetRequiredService<AttributionPass>();
        var settlePeriod = Worker.Services.GetRequiredService<IOptions<IngestOptions>>().Value.SettlePeriod;
        await attribution.ResolveTracesAsync(traces, Now - settlePeriod, default);

        var rollups = Worker.Services.GetRequiredService<IRollupStore>();
        await Eventually.GetAsync(async () =>
        {
            await rollups.RollUpAsync(null, RollupBounds.Unbounded, default);
            return await rollups.CountRollupBacklogAsync(default);
        }, backlog => backlog == 0, "an empty rollup backlog");
    }

    /// <summary>
    /// The round of the time the clock stands at, run where the worker was just started: its job may or may not have
    /// run it already (or found it run by the worker before), and it must not see what the test sends next.
    /// </summary>
    public Task EvaluateHereAsync() => RunRoundAsync();

    /// <summary>Moves the clock to <paramref name="round"/>'s time without a round: the time a stopped worker is down.</summary>
    public void JumpTo(int round)
    {
        Round = round;
        clock.Advance(TimeOf(Round) - Now);
    }

    /// <summary>Moves the clock to the next round's time and returns once that round has been committed.</summary>
    public async Task EvaluateNextAsync()
    {
        Round++;
        clock.Advance(TimeOf(Round) - Now);
        await RunRoundAsync();
    }

    private async Task RunRoundAsync()
    {
        var due = TimeOf(Round);
        var micros = UnixTime(due);
        var evaluator = Worker.Services.GetRequiredService<AlertEvaluator>();
        // The test's evaluation finds nothing to do when the worker's job ran this round first, and gives up at once
        // when the job holds the round's lock: for this round, or for one it began before the clock moved (which then
        // finds a round ran less than half an interval ago). So evaluate until this round is in the store: one round
        // of this time commits, whichever runs it, and the clock stays put meanwhile.
        try
        {
            await Eventually.GetAsync(async () =>
            {
                if (await LastRoundAsync() != micros)
                {
                    await evaluator.EvaluateAsync(default);
                }

                return await LastRoundAsync();
            }, last => last == micros, $"round {Round} at {due:O}");
        }
        catch (Xunit.Sdk.XunitException e) when (Worker.Services.GetRequiredService<ILogger<AlertEvaluator>>() is RecordingLogger<AlertEvaluator> log)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}; the evaluator logged:\n" +
                string.Join("\n", log.Entries.Select(entry => $"{entry.Level} {entry.Message}")));
        }
    }

    private async Task<long> LastRoundAsync() =>
        Convert.ToInt64((await Worker.QueryAsync("SELECT last_round FROM alert_evaluation"))[0][0], CultureInfo.InvariantCulture);

    /// <summary>Runs the rounds up to and including <paramref name="round"/>, calling <paramref name="after"/> after each.</summary>
    public async Task EvaluateThroughAsync(int round, Func<int, Task> after)
    {
        while (Round < round)
        {
            await EvaluateNextAsync();
            await after(Round);
        }
    }

    public async Task<List<StoredAlert>> InstancesAsync()
    {
        var rows = await Worker.QueryAsync(
            "SELECT fingerprint, rule, labels, state, active_at, fired_at, resolved_at, reason FROM alert_instances");
        return rows.Select(r => new StoredAlert((string)r[0], (string)r[1], AlertLabels.Parse((string)r[2]),
            (AlertState)Convert.ToInt32(r[3], CultureInfo.InvariantCulture), Time(r[4])!.Value, Time(r[5]), Time(r[6]),
            r[7] as string)).ToList();
    }

    public async Task<List<StoredEvent>> EventsAsync()
    {
        var rows = await Worker.QueryAsync(
            "SELECT fingerprint, rule, status, starts_at, ends_at, reason, created_at FROM alert_events ORDER BY id");
        return rows.Select(r => new StoredEvent((string)r[0], (string)r[1], (string)r[2], Time(r[3])!.Value, Time(r[4]),
            r[5] as string, Time(r[6])!.Value)).ToList();
    }

    private static long UnixTime(DateTime time) => (time - DateTime.UnixEpoch).Ticks / 10;

    private static DateTime? Time(object value) => value is DBNull
        ? null
        : DateTime.UnixEpoch.AddTicks(Convert.ToInt64(value, CultureInfo.InvariantCulture) * 10);
}

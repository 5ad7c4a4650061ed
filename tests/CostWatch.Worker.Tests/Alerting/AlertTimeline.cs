using System.Globalization;
using CostWatch.Core.Alerting;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Attribution;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>
/// Drives a worker on a fake clock through evaluation rounds at fixed times: start + k x the evaluation interval.
/// Telemetry sent between two rounds is attributed and rolled up before the clock moves, by the same passes the
/// worker's jobs run (called here directly, so nothing depends on when a trigger fires); then the clock jumps to the
/// next round's time, and the round is run there. The worker's own Quartz jobs fire on every jump too: the store
/// runs one round per time (a second one finds it done and changes nothing), so whichever runs it, the outcome is
/// the same.
/// </summary>
internal sealed class AlertTimeline(WorkerHost worker, FakeTimeProvider clock, TimeSpan interval)
{
    private readonly DateTime _start = clock.GetUtcNow().UtcDateTime;

    /// <summary>The number of the round the clock stands at (0 at start-up).</summary>
    public int Round { get; private set; }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateTime TimeOf(int round) => _start + (interval * round);

    /// <summary>Waits until everything the SDK sent is attributed, then rolled up into the alert samples; the clock stays put.</summary>
    public async Task DeliverAsync(AlertWorkload workload)
    {
        Assert.True(workload.Flush());
        var traces = workload.TakeTraces();
        var attribution = worker.Services.GetRequiredService<AttributionPass>();
        var settlePeriod = worker.Services.GetRequiredService<IOptions<IngestOptions>>().Value.SettlePeriod;
        await attribution.ResolveTracesAsync(traces, Now - settlePeriod, default);

        var rollups = worker.Services.GetRequiredService<IRollupStore>();
        await Eventually.GetAsync(async () =>
        {
            await rollups.RollUpAsync(null, default);
            return await rollups.CountRollupBacklogAsync(default);
        }, backlog => backlog == 0, "an empty rollup backlog");
    }

    /// <summary>
    /// The round at start-up, before any telemetry: the worker's job may or may not have run it already, and it must
    /// not see what the test sends next.
    /// </summary>
    public Task EvaluateRoundZeroAsync() => RunRoundAsync();

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
        // False when the worker's job got there first (or holds the round's lock): either way the round of this time
        // is the one that counts, so wait until it is in the store.
        await worker.Services.GetRequiredService<AlertEvaluator>().EvaluateAsync(default);
        var micros = UnixTime(due);
        await Eventually.GetAsync(() => worker.QueryAsync("SELECT last_round FROM alert_evaluation"),
            rows => Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture) == micros, $"round {Round} at {due:O}");
    }

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
        var rows = await worker.QueryAsync(
            "SELECT fingerprint, rule, labels, state, active_at, fired_at, resolved_at, reason FROM alert_instances");
        return rows.Select(r => new StoredAlert((string)r[0], (string)r[1], AlertLabels.Parse((string)r[2]),
            (AlertState)Convert.ToInt32(r[3], CultureInfo.InvariantCulture), Time(r[4])!.Value, Time(r[5]), Time(r[6]),
            r[7] as string)).ToList();
    }

    public async Task<List<StoredEvent>> EventsAsync()
    {
        var rows = await worker.QueryAsync(
            "SELECT fingerprint, rule, status, starts_at, ends_at, reason, created_at FROM alert_events ORDER BY id");
        return rows.Select(r => new StoredEvent((string)r[0], (string)r[1], (string)r[2], Time(r[3])!.Value, Time(r[4]),
            r[5] as string, Time(r[6])!.Value)).ToList();
    }

    private static long UnixTime(DateTime time) => (time - DateTime.UnixEpoch).Ticks / 10;

    private static DateTime? Time(object value) => value is DBNull
        ? null
        : DateTime.UnixEpoch.AddTicks(Convert.ToInt64(value, CultureInfo.InvariantCulture) * 10);
}

using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Exporter;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>
/// Alert state across worker restarts on one database, end to end: a pending alert keeps its episode through a restart
/// but the time the worker was down does not count toward <c>for</c>; a firing alert restarted at the very time of its
/// last round neither fires again nor loses its firing notice, and resolves with exactly one resolved notice.
/// </summary>
public sealed class AlertRestartEndToEndTests
{
    private static readonly AlertRule Loops = EndToEndAlertRules.Rule("HighAgentLoopIterations");

    [Theory]
    [StoreProviders]
    public async Task APendingAlert_DoesNotCountDowntimeTowardFor_AndARestartNeverFiresItTwice(StorageProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60));
        var directory = provider == StorageProvider.Sqlite ? Directory.CreateTempSubdirectory("costwatch-alert-restart-").FullName : null;
        var connectionString = directory is not null
            ? $"Data Source={Path.Combine(directory, "costwatch.db")}"
            : await PostgresServer.CreateDatabaseAsync();
        var worker = await StartAsync(provider, connectionString, clock);
        try
        {
            var timeline = new AlertTimeline(worker, clock, EndToEndAlertRules.Interval);
            await timeline.EvaluateHereAsync();
            await SendAsync(timeline, workload => workload.Runs("looper", runs: 6, llmCalls: 10));

            await timeline.EvaluateNextAsync();
            var pending = await LooperAsync(timeline);
            Assert.Equal((AlertState.Pending, timeline.TimeOf(1)), (pending.State, pending.ActiveAt));

            // Down from round 1 to round 6: 50 s, longer than `for`. Of that, only the interval after the last round
            // counts, so the alert has been pending for 10 s, not 50 s, when the restarted worker judges it.
            await worker.DisposeAsync();
            timeline.JumpTo(6);
            timeline.Worker = worker = await StartAsync(provider, connectionString, clock);
            await timeline.EvaluateHereAsync();
            var restarted = await LooperAsync(timeline);
            Assert.Equal((AlertState.Pending, timeline.TimeOf(5)), (restarted.State, restarted.ActiveAt));

            await timeline.EvaluateNextAsync();
            var firing = await LooperAsync(timeline);
            Assert.Equal((AlertState.Firing, timeline.TimeOf(7)), (firing.State, firing.FiredAt));

            // Restarted at the time of the round that fired it: the start-up round finds that round done.
            await worker.DisposeAsync();
            timeline.Worker = worker = await StartAsync(provider, connectionString, clock);
            await timeline.EvaluateHereAsync();
            await timeline.EvaluateNextAsync();
            Assert.Equal(AlertState.Firing, (await LooperAsync(timeline)).State);

            await SendAsync(timeline, workload => workload.Runs("looper", runs: 30, llmCalls: 2));
            await timeline.EvaluateNextAsync();
            Assert.Equal(AlertState.Firing, (await LooperAsync(timeline)).State);
            await timeline.EvaluateNextAsync();
            var resolved = await LooperAsync(timeline);
            Assert.Equal((AlertState.Resolved, timeline.TimeOf(7), timeline.TimeOf(10)), (resolved.State, resolved.FiredAt, resolved.ResolvedAt));

            var events = await timeline.EventsAsync();
            Assert.Equal([("firing", timeline.TimeOf(7)), ("resolved", timeline.TimeOf(10))],
                events.Select(e => (e.Status, e.CreatedAt)));
            Assert.All(events, e => Assert.Equal(resolved.Fingerprint, e.Fingerprint));
        }
        finally
        {
            await worker.DisposeAsync();
            if (directory is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
            else
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await PostgresServer.DropDatabaseAsync(connectionString);
            }
        }
    }

    private static Task<WorkerHost> StartAsync(StorageProvider provider, string connectionString, FakeTimeProvider clock) =>
        WorkerHost.StartAsync(provider, connectionString,
            new Dictionary<string, string> { ["CostWatch:Rollups:Interval"] = "00:00:01" },
            builder =>
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                builder.Services.AddSingleton<ILogger<AlertEvaluator>>(new RecordingLogger<AlertEvaluator>());
                builder.Services.Replace(ServiceDescriptor.Singleton<IAlertRulesSource>(new StaticAlertRulesSource(
                    EndToEndAlertRules.Set with { Rules = [Loops] })));
            });

    /// <summary>Sends through the SDK to the worker running now, and waits until it is in the samples.</summary>
    private static async Task SendAsync(AlertTimeline timeline, Action<AlertWorkload> send)
    {
        using var agents = new AgentTraces(timeline.Worker.GrpcUrl, OtlpExportProtocol.Grpc);
        var workload = new AlertWorkload(agents);
        send(workload);
        await timeline.DeliverAsync(workload);
    }

    private static async Task<StoredAlert> LooperAsync(AlertTimeline timeline) =>
        Assert.Single(await timeline.InstancesAsync(), i => i.Rule == Loops.Name);
}

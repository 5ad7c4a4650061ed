using System.Diagnostics.Metrics;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Silences;
using CostWatch.Core.Notifications;
using CostWatch.Core.Pricing;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// The alert engine and the dispatcher on one store and one fake clock: which notices go out when, with which reason
/// and which alerts, as alerts fire, resolve, stay firing, are silenced and inhibited. Samples are written straight
/// into the sample table, as the rollup pass would; each step runs at the time the test sets.
/// </summary>
public sealed class NotificationTimingTests
{
    private static readonly AlertRule ToolFailures = new()
    {
        Name = "ToolCallFailureSpike",
        Kind = AlertRuleKind.ToolSuccessRate,
        Severity = "critical",
        GroupBy = ["agent"],
        Window = TimeSpan.FromMinutes(1),
        Threshold = 0.9m,
    };

    [Fact]
    public async Task GroupWait_GroupInterval_Repeat_AndResolved_FollowAlertmanager_PerReceiver()
    {
        var sender = new RecordingSender();
        await using var rig = await DispatcherRig.StartAsync(Options(("all", null), ("quiet", false)), [sender]);
        var evaluator = Evaluator(rig, new AlertRuleSet(TimeSpan.FromSeconds(30), [ToolFailures], [], "test"));

        // Two agents start failing 15 s apart: one group (by rule), one first notice at the end of the group wait.
        await FailingAsync(rig, "researcher", TimeSpan.Zero);
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.Zero);
        await FailingAsync(rig, "writer", TimeSpan.Zero);
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromSeconds(15));
        await RunAtAsync(rig, TimeSpan.FromSeconds(29));
        Assert.Empty(sender.Sent);
        await RunAtAsync(rig, TimeSpan.FromSeconds(30));

        // The researcher recovers at 2 min; the change waits for the group interval after the first notice (5.5 min).
        await FailingAsync(rig, "writer", TimeSpan.FromMinutes(1));
        await FailingAsync(rig, "writer", TimeSpan.FromMinutes(2));
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromMinutes(2));
        await RunAtAsync(rig, TimeSpan.FromMinutes(5.5) - TimeSpan.FromSeconds(1));
        await RunAtAsync(rig, TimeSpan.FromMinutes(5.5));

        // Unchanged since: each receiver repeats an hour (RepeatInterval) after its own last notice.
        await RunAtAsync(rig, TimeSpan.FromMinutes(60.5));
        await RunAtAsync(rig, TimeSpan.FromMinutes(65.5) - TimeSpan.FromSeconds(1));
        await RunAtAsync(rig, TimeSpan.FromMinutes(65.5));

        // The writer recovers: all resolved, no sooner than a group interval after the repeat.
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromMinutes(70));
        await RunAtAsync(rig, TimeSpan.FromMinutes(70.5));

        Assert.Equal(
        [
            "00:00:30 first notification [firing] researcher:New writer:New",
            "00:05:30 some alerts resolved [firing] writer:StillFiring researcher:Resolved",
            "01:05:30 repeat interval elapsed [firing] writer:StillFiring",
            "01:10:30 all alerts resolved [resolved] writer:Resolved",
        ], sender.To("all").Select(Describe));
        // SendResolved false (e-mail's default): resolutions are never sent, so its repeat counts from its first notice.
        Assert.Equal(
        [
            "00:00:30 first notification [firing] researcher:New writer:New",
            "01:00:30 repeat interval elapsed [firing] writer:StillFiring",
        ], sender.To("quiet").Select(Describe));
        Assert.Empty(await rig.QueryAsync("SELECT receiver FROM notification_groups"));
        Assert.Empty(await rig.QueryAsync("SELECT id FROM alert_events WHERE dispatched_at IS NULL"));
    }

    [Fact]
    public async Task ASilencedAlert_IsNotNotified_UntilItsSilenceEnds()
    {
        var sender = new RecordingSender();
        await using var rig = await DispatcherRig.StartAsync(Options(("all", null)), [sender]);
        var evaluator = Evaluator(rig, new AlertRuleSet(TimeSpan.FromSeconds(30), [ToolFailures], [], "test"));
        var silences = (ISilenceStore)rig.Store;
        var silence = Silence.Create(Guid.NewGuid(), [new LabelMatcher("agent", "researcher", isRegex: false, isEqual: true)],
            rig.Now, rig.Now.AddHours(1), "oncall", "known outage", rig.Now);
        await silences.CreateAsync(silence, default);

        for (var minute = 0; minute <= 5; minute++)
        {
            await FailingAsync(rig, "researcher", TimeSpan.FromMinutes(minute));
            await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromMinutes(minute));
            await RunAtAsync(rig, TimeSpan.FromMinutes(minute + 0.5));
        }

        Assert.Empty(sender.Sent);
        Assert.Equal("firing", (await rig.QueryAsync("SELECT state FROM alert_instances")).Select(r => Convert.ToInt32(r[0]) == 2 ? "firing" : "?").Single());

        await silences.ExpireAsync(silence.Id, T(TimeSpan.FromMinutes(5.75)), default);
        await FailingAsync(rig, "researcher", TimeSpan.FromMinutes(6));
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromMinutes(6));
        await RunAtAsync(rig, TimeSpan.FromMinutes(6.5));

        Assert.Equal(["00:06:30 first notification [firing] researcher:New"], sender.To("all").Select(Describe));
    }

    [Fact]
    public async Task AnInhibitedAlert_IsNotifiedOnceItsSourceResolves_IfItStillFires()
    {
        var sender = new RecordingSender();
        await using var rig = await DispatcherRig.StartAsync(Options(("all", null)), [sender]);
        // Both fire below 90% success; at 92% only the stricter target does. The source inhibits the target per agent.
        var source = ToolFailures;
        var target = new AlertRule
        {
            Name = "ToolSuccessBelowTarget",
            Kind = AlertRuleKind.ToolSuccessRate,
            Severity = "warning",
            GroupBy = ["agent"],
            Window = TimeSpan.FromMinutes(1),
            Threshold = 0.95m,
        };
        var inhibit = new InhibitRule(new Dictionary<string, string> { ["alertname"] = source.Name },
            new Dictionary<string, string> { ["alertname"] = target.Name }, ["agent"]);
        var evaluator = Evaluator(rig, new AlertRuleSet(TimeSpan.FromSeconds(30), [source, target], [inhibit], "test"));

        await FailingAsync(rig, "researcher", TimeSpan.Zero);
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.Zero);
        await RunAtAsync(rig, TimeSpan.FromSeconds(30));
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromSeconds(45));
        Assert.Equal(["00:00:30 first notification [firing] researcher:New"], sender.Sent.Select(s => Describe(s.Notice)));
        Assert.Equal([source.Name], sender.Sent.SelectMany(s => s.Notice.Alerts).Select(a => a.Rule));

        await ExecuteAsync(rig, $"INSERT INTO alert_tool_calls (bucket_start, agent, tool, calls, failed_calls) VALUES " +
                                $"({Bucket(TimeSpan.FromMinutes(2))}, 'researcher', 'search', 100, 8)");
        await EvaluateAndRunAsync(rig, evaluator, TimeSpan.FromMinutes(2));
        await RunAtAsync(rig, TimeSpan.FromMinutes(2.5));
        await RunAtAsync(rig, TimeSpan.FromMinutes(5.5));

        Assert.Equal(
        [
            "ToolCallFailureSpike 00:00:30 first notification [firing] researcher:New",
            "ToolSuccessBelowTarget 00:02:30 first notification [firing] researcher:New",
            "ToolCallFailureSpike 00:05:30 all alerts resolved [resolved] researcher:Resolved",
        ], sender.Sent.Select(s => $"{s.Notice.Alerts[0].Rule} {Describe(s.Notice)}"));
    }

    private static NotificationOptions Options(params (string Name, bool? SendResolved)[] receivers) => new()
    {
        GroupWait = TimeSpan.FromSeconds(30),
        GroupInterval = TimeSpan.FromMinutes(5),
        RepeatInterval = TimeSpan.FromHours(1),
        Receivers = receivers.ToDictionary(r => r.Name, r => new ReceiverOptions
        {
            Type = "Webhook",
            Url = "http://127.0.0.1:9/unused",
            SendResolved = r.SendResolved,
        }),
    };

    private static string Describe(Notice notice) =>
        $"{(notice.CreatedAt - DispatcherRig.T0.UtcDateTime):hh\\:mm\\:ss} {notice.Reason} [{notice.Status}] " +
        string.Join(" ", notice.Alerts.Select(a => $"{a.Labels["agent"]}:{a.Change}"));

    private static AlertEvaluator Evaluator(DispatcherRig rig, AlertRuleSet rules)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new AlertEvaluator(new StaticAlertRulesSource(rules), (IAlertStore)rig.Store, (ISilenceStore)rig.Store, new NoPrices(),
            Microsoft.Extensions.Options.Options.Create(new AlertEngineOptions()), Microsoft.Extensions.Options.Options.Create(new RollupOptions()),
            Microsoft.Extensions.Options.Options.Create(new CostsOptions()), new AlertMetrics(new CostWatchMetrics(meters)), rig.Clock,
            NullLogger<AlertEvaluator>.Instance);
    }

    private static async Task EvaluateAndRunAsync(DispatcherRig rig, AlertEvaluator evaluator, TimeSpan at)
    {
        rig.At(at);
        Assert.True(await evaluator.EvaluateAsync(default));
        await rig.RunAsync();
    }

    private static async Task RunAtAsync(DispatcherRig rig, TimeSpan at)
    {
        rig.At(at);
        await rig.RunAsync();
    }

    /// <summary>A minute of 40 tool calls, half failed, for the agent.</summary>
    private static Task FailingAsync(DispatcherRig rig, string agent, TimeSpan minute) => ExecuteAsync(rig,
        $"INSERT INTO alert_tool_calls (bucket_start, agent, tool, calls, failed_calls) VALUES ({Bucket(minute)}, '{agent}', 'search', 40, 20)");

    private static long Bucket(TimeSpan at) => RollupResolution.BucketStart(T(at), RollupResolution.Minute);

    private static DateTime T(TimeSpan at) => (DispatcherRig.T0 + at).UtcDateTime;

    private static async Task ExecuteAsync(DispatcherRig rig, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(rig.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class NoPrices : IPriceCatalogSource
    {
        public PriceCatalog Current => PriceCatalog.Empty;
    }
}

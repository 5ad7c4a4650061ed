using CostWatch.Core.Alerting;
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
/// The five production rules end to end: agents instrumented with the OpenTelemetry .NET SDK send telemetry that
/// breaches each rule, the worker ingests, attributes and rolls it up into the alert samples, and the evaluation
/// rounds (every 10 s on a fake clock) move the alerts from pending to firing after their <c>for</c>, and to resolved
/// once the breach stops. After every round the test compares the stored instances and <c>costwatch_alerts</c> with
/// a table of when each alert must be pending, firing and resolved; at the end, the outbox holds exactly one firing
/// and one resolved event per alert.
/// </summary>
public sealed class AlertRulesEndToEndTests
{
    /// <summary>
    /// Round by round (10 s apart from start-up): pending from, firing from, resolved at. Every breach is sent right
    /// after round 0; loops and tool failures stop after round 3; the oversized prompt and the slow runs leave their
    /// 1 m window at round 12; the ghost agent, last heard at start-up, reports again after round 8.
    /// </summary>
    private static readonly ExpectedAlert[] Expected =
    [
        new("HighAgentLoopIterations", "warning", [("agent", "looper")], PendingFrom: 1, FiringFrom: 3, ResolvedAt: 5),
        new("ToolCallFailureSpike", "critical", [("agent", "tool-user"), ("tool", "web_search")], 1, 3, 4),
        new("TokenBudgetExceeded", "warning", [("agent", "big-prompter"), ("model", "gpt-4o")], null, 1, 12),
        new("AgentRunLatencyP99", "critical", [("agent", "slow-agent")], 1, 3, 12),
        new("TraceLoss", "critical", [("agent", "ghost")], null, 7, 9),
    ];

    private static readonly string[] HealthyAgents = ["looper", "tool-user", "big-prompter", "slow-agent"];

    [Theory]
    [StoreProviders]
    public async Task EachProductionRule_FiresAfterItsFor_AndResolvesWhenTheBreachStops(StorageProvider provider)
    {
        // On a minute boundary, so the rounds' places in the sample minutes are the same in every run.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);
        var clock = new FakeTimeProvider(start);
        await using var worker = await WorkerHost.StartAsync(provider,
            settings: new Dictionary<string, string> { ["CostWatch:Rollups:Interval"] = "00:00:01" },
            configure: builder =>
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                builder.Services.AddSingleton<ILogger<AlertEvaluator>>(new RecordingLogger<AlertEvaluator>());
                builder.Services.Replace(ServiceDescriptor.Singleton<IAlertRulesSource>(new StaticAlertRulesSource(EndToEndAlertRules.Set)));
            });
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        using var agents = new AgentTraces(worker.GrpcUrl, OtlpExportProtocol.Grpc);
        var workload = new AlertWorkload(agents);
        var timeline = new AlertTimeline(worker, clock, EndToEndAlertRules.Interval);
        await timeline.EvaluateHereAsync();

        // Every breach at once: runaway loops (10 iterations, more than 8), failing tool calls, a prompt of 94% of
        // gpt-4o's 128k context window, runs of 40 s (over 30 s), and the ghost's only run.
        workload.Runs("looper", runs: 6, llmCalls: 10);
        workload.Runs("tool-user", runs: 1, llmCalls: 1, toolCalls: 6, failTools: true);
        workload.BigPromptRun("big-prompter", inputTokens: 120_000);
        workload.SlowRuns("slow-agent", runs: 6, TimeSpan.FromSeconds(40));
        workload.Runs("ghost", runs: 1, llmCalls: 2, toolCalls: 1);
        await timeline.DeliverAsync(workload);

        await timeline.EvaluateThroughAsync(3, round => CheckRoundAsync(timeline, http, round));

        // The loops and the tool failures stop: healthy runs bring the share of long runs to 6 / 36 (not above 0.2)
        // and tool success to 60 / 66 (not below 0.9).
        workload.Runs("looper", runs: 30, llmCalls: 2);
        workload.Runs("tool-user", runs: 1, llmCalls: 1, toolCalls: 60);
        Heartbeats(workload, "big-prompter", "slow-agent");
        await timeline.DeliverAsync(workload);

        await timeline.EvaluateThroughAsync(6, round => CheckRoundAsync(timeline, http, round));

        // Fast runs of the slow agent, enough for minSamples once the slow ones have left the window.
        workload.Runs("slow-agent", runs: 6, llmCalls: 1);
        Heartbeats(workload, "looper", "tool-user", "big-prompter");
        await timeline.DeliverAsync(workload);

        await timeline.EvaluateThroughAsync(8, round => CheckRoundAsync(timeline, http, round));

        workload.Runs("ghost", runs: 1, llmCalls: 1);
        await timeline.DeliverAsync(workload);

        await timeline.EvaluateThroughAsync(9, round => CheckRoundAsync(timeline, http, round));

        Heartbeats(workload, HealthyAgents);
        await timeline.DeliverAsync(workload);

        await timeline.EvaluateThroughAsync(12, round => CheckRoundAsync(timeline, http, round));

        var instances = await timeline.InstancesAsync();
        var events = await timeline.EventsAsync();
        Assert.Equal(Expected.Length * 2, events.Count);
        foreach (var expected in Expected)
        {
            var alert = instances.Single(i => i.Labels.Equals(expected.Labels));
            Assert.Equal(timeline.TimeOf(expected.PendingFrom ?? expected.FiringFrom), alert.ActiveAt);
            Assert.Equal(timeline.TimeOf(expected.FiringFrom), alert.FiredAt);
            Assert.Equal(timeline.TimeOf(expected.ResolvedAt), alert.ResolvedAt);
            Assert.Equal("condition cleared", alert.Reason);
            var notices = events.Where(e => e.Fingerprint == alert.Fingerprint).ToList();
            Assert.Equal(["firing", "resolved"], notices.Select(e => e.Status));
            Assert.All(notices, e => Assert.Equal(expected.Rule, e.Rule));
            Assert.Equal([alert.FiredAt!.Value, alert.ResolvedAt!.Value], notices.Select(e => e.CreatedAt));
            Assert.All(notices, e => Assert.Equal(alert.FiredAt, e.StartsAt));
            Assert.Equal([null, alert.ResolvedAt], notices.Select(e => e.EndsAt));
        }

        // Fired by the round after `for` from the first round that saw the breach, which came within one interval
        // of the telemetry (sent at round 0; for trace loss, the ghost's silence passed its 60 s threshold at 60 s).
        Assert.All(instances.Where(i => i.Rule is "HighAgentLoopIterations" or "ToolCallFailureSpike" or "AgentRunLatencyP99"),
            i => Assert.Equal(i.ActiveAt + EndToEndAlertRules.For, i.FiredAt));
        Assert.All(instances.Where(i => i.Rule != "TraceLoss"), i => Assert.True(i.FiredAt <= timeline.TimeOf(0) + EndToEndAlertRules.For + EndToEndAlertRules.Interval));
        Assert.True(instances.Single(i => i.Rule == "TraceLoss").FiredAt <= timeline.TimeOf(0) + TimeSpan.FromSeconds(60) + EndToEndAlertRules.Interval);
    }

    /// <summary>After a round: the stored instances are exactly the expected ones, in the expected state, and so is the gauge.</summary>
    private static async Task CheckRoundAsync(AlertTimeline timeline, HttpClient http, int round)
    {
        var stored = (await timeline.InstancesAsync()).ToDictionary(i => i.Labels, i => i.State);
        var expected = Expected.Where(e => e.StateAt(round) is not null).ToDictionary(e => e.Labels, e => e.StateAt(round)!.Value);
        Assert.True(expected.Count == stored.Count && expected.All(e => stored.GetValueOrDefault(e.Key) == e.Value),
            $"round {round}: expected {Describe(expected)}, stored {Describe(stored)}");

        // The gauge is published by whichever evaluation ran the round, just after it committed.
        await Eventually.GetAsync(() => ScrapedMetrics.ScrapeAsync(http), scrape => Expected.All(e =>
                scrape.Value("costwatch_alerts", ("rule", e.Rule), ("severity", e.Severity), ("state", "pending")) == (e.StateAt(round) == AlertState.Pending ? 1 : 0)
                && scrape.Value("costwatch_alerts", ("rule", e.Rule), ("severity", e.Severity), ("state", "firing")) == (e.StateAt(round) == AlertState.Firing ? 1 : 0)),
            $"costwatch_alerts after round {round}");
    }

    /// <summary>One healthy run of each agent, so trace loss hears from it.</summary>
    private static void Heartbeats(AlertWorkload workload, params string[] agents)
    {
        foreach (var agent in agents)
        {
            workload.Runs(agent, runs: 1, llmCalls: 1, toolCalls: agent == "tool-user" ? 1 : 0);
        }
    }

    private static string Describe(IReadOnlyDictionary<AlertLabels, AlertState> alerts) =>
        "{" + string.Join("; ", alerts.Select(a => $"{a.Key} {a.Value}")) + "}";

    private sealed record ExpectedAlert(string Rule, string Severity, (string Name, string Value)[] GroupLabels,
        int? PendingFrom, int FiringFrom, int ResolvedAt)
    {
        public AlertLabels Labels => AlertLabels.For(Rule, Severity,
            GroupLabels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)));

        public AlertState? StateAt(int round) =>
            round < (PendingFrom ?? FiringFrom) ? null
            : round < FiringFrom ? AlertState.Pending
            : round < ResolvedAt ? AlertState.Firing
            : AlertState.Resolved;
    }
}

using System.Net;
using System.Text.Json;
using CostWatch.Core.Alerting;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport;
using CostWatch.TestSupport.Alerting;
using static CostWatch.Worker.Tests.Api.AlertingApiWorker;

namespace CostWatch.Worker.Tests.Api;

/// <summary>
/// <c>GET /api/v1/alerts</c> and <c>GET /api/v1/rules</c> over real HTTP, on both stores, reading rows written into
/// <c>alert_instances</c> and <c>alert_rule_health</c> as the engine would write them.
/// </summary>
public sealed class AlertsApiTests
{
    // 2026-11-25T12:00:00Z in Unix microseconds.
    private const long T0 = 1_795_608_000_000_000;

    [Theory]
    [StoreProviders]
    public async Task Alerts_AreEveryInstance_InTheDocumentedShape(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);
        await AlertTableWriter.WriteInstancesAsync(provider, worker.Host.ConnectionString, Rows());

        var answer = await worker.GetAsync("/api/v1/alerts");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var alerts = answer.Json.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(["fp-loop", "fp-budget", "fp-tools", "fp-loss-old", "fp-loss-researcher"],
            alerts.Select(a => a.GetProperty("fingerprint").GetString()));
        Assert.Equal(
            """{"fingerprint":"fp-loss-researcher","rule":"TraceLoss","severity":"critical","state":"firing","labels":{"agent":"researcher","alertname":"TraceLoss","severity":"critical"},"annotations":{"description":"no spans since 11:50","summary":"researcher silent for 10m"},"value":612.5,"threshold":300,"activeAt":"2026-11-25T12:00:00Z","firedAt":"2026-11-25T12:05:00.250000Z","resolvedAt":null,"reason":null,"silencedBy":["0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e"],"inhibitedBy":["fp-pipeline","fp-other"]}""",
            alerts[4].GetRawText());
        Assert.Equal(
            """{"fingerprint":"fp-budget","rule":"TeamBudget","severity":"warning","state":"resolved","labels":{"alertname":"TeamBudget","severity":"warning","team":"search"},"annotations":{},"value":1234.567890123456789,"threshold":1000,"activeAt":"2026-11-25T12:00:00Z","firedAt":"2026-11-25T12:00:00Z","resolvedAt":"2026-11-26T00:00:00Z","reason":"condition cleared","silencedBy":[],"inhibitedBy":[]}""",
            alerts[1].GetRawText());
        Assert.Equal(JsonValueKind.Null, alerts[3].GetProperty("value").ValueKind);
        Assert.Equal("retired", alerts[3].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("?state=firing", new[] { "fp-tools", "fp-loss-researcher" })]
    [InlineData("?state=pending", new[] { "fp-loop" })]
    [InlineData("?state=resolved", new[] { "fp-budget", "fp-loss-old" })]
    [InlineData("?rule=TraceLoss", new[] { "fp-loss-old", "fp-loss-researcher" })]
    [InlineData("?state=firing&rule=TraceLoss", new[] { "fp-loss-researcher" })]
    [InlineData("?fingerprint=fp-loop", new[] { "fp-loop" })]
    [InlineData("?fingerprint=fp-loop&state=firing", new string[0])]
    [InlineData("?rule=NoSuchRule", new string[0])]
    public async Task Alerts_AreFilteredByStateRuleAndFingerprint(string query, string[] fingerprints)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);
        await AlertTableWriter.WriteInstancesAsync(StorageProvider.Sqlite, worker.Host.ConnectionString, Rows());

        var answer = await worker.GetAsync("/api/v1/alerts" + query);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(fingerprints, answer.Json.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("fingerprint").GetString()));
    }

    [Theory]
    [InlineData("?state=active", "state", "pending, firing or resolved")]
    [InlineData("?state=Firing", "state", "pending, firing or resolved")]
    [InlineData("?state=firing&state=pending", "state", "give it once")]
    [InlineData("?rule=", "rule", "empty")]
    [InlineData("?fingerprint=", "fingerprint", "empty")]
    [InlineData("?agent=researcher", "agent", "unknown parameter")]
    public async Task Alerts_WithABadParameter_Is400NamingIt(string query, string parameter, string message)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var answer = await worker.GetAsync("/api/v1/alerts" + query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(parameter, answer.Json.GetProperty("parameter").GetString());
        Assert.Contains(message, answer.Json.GetProperty("message").GetString());
    }

    [Theory]
    [StoreProviders]
    public async Task Rules_AreTheRulesInForceThenOtherHealthRows_InTheDocumentedShape(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);
        await AlertTableWriter.WriteRuleHealthAsync(provider, worker.Host.ConnectionString,
        [
            new RuleHealthRow("TraceLoss", "ok", T0, 1234, null, 0),
            new RuleHealthRow("AgentRunLatencyP99", "bad", T0 - 30_000_000, 2_000_000, "timeout after 10s", 3),
            new RuleHealthRow("TeamBudget", "unknown", null, null, null, 0),
        ]);

        var answer = await worker.GetAsync("/api/v1/rules");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(
            """{"rules":[{"name":"CostWatchRuleEvaluationFailing","health":"unknown","lastEvaluation":null,"evaluationDurationSeconds":null,"lastError":null,"kind":"built_in","severity":"critical","inForce":true},{"name":"AgentRunLatencyP99","health":"bad","lastEvaluation":"2026-11-25T11:59:30Z","evaluationDurationSeconds":2,"lastError":"timeout after 10s","kind":null,"severity":null,"inForce":false},{"name":"TeamBudget","health":"unknown","lastEvaluation":null,"evaluationDurationSeconds":null,"lastError":null,"kind":null,"severity":null,"inForce":false},{"name":"TraceLoss","health":"ok","lastEvaluation":"2026-11-25T12:00:00Z","evaluationDurationSeconds":0.001234,"lastError":null,"kind":null,"severity":null,"inForce":false}],"rulesFile":{"source":"(none)","lastError":null}}""",
            answer.Text);
    }

    [Fact]
    public async Task AlertsAndRules_WithNothingStored_AreEmptyOrOnlyTheBuiltInRule()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        Assert.Equal("""{"alerts":[]}""", (await worker.GetAsync("/api/v1/alerts")).Text);
        // No rules file in force here: only the built-in rule, not evaluated yet.
        Assert.Equal("""{"rules":[{"name":"CostWatchRuleEvaluationFailing","health":"unknown","lastEvaluation":null,"evaluationDurationSeconds":null,"lastError":null,"kind":"built_in","severity":"critical","inForce":true}],"rulesFile":{"source":"(none)","lastError":null}}""", (await worker.GetAsync("/api/v1/rules")).Text);
    }

    private static List<AlertInstanceRow> Rows() =>
    [
        Row("fp-loss-researcher", "TraceLoss", "critical", AlertState.Firing, ("agent", "researcher")) with
        {
            FiredAt = T0 + 300_250_000, Value = 612.50m, Threshold = 300m, Notified = true,
            SilencedBy = ["0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e"], InhibitedBy = ["fp-pipeline", "fp-other"],
            Annotations = new Dictionary<string, string>
            {
                ["summary"] = "researcher silent for 10m",
                ["description"] = "no spans since 11:50",
            },
        },
        Row("fp-loss-old", "TraceLoss", "critical", AlertState.Resolved, ("agent", "old")) with
        {
            FiredAt = T0, ResolvedAt = T0 + 3_600_000_000, Reason = "retired", Notified = true,
        },
        Row("fp-loop", "HighAgentLoopIterations", "warning", AlertState.Pending, ("agent", "planner")) with
        {
            Value = 0.0125m, Threshold = 0.01m,
        },
        Row("fp-tools", "ToolCallFailureSpike", "critical", AlertState.Firing, ("agent", "researcher"), ("tool", "web_search")) with
        {
            Value = 0.8m, Threshold = 0.9m, FiredAt = T0 + 120_000_000,
        },
        Row("fp-budget", "TeamBudget", "warning", AlertState.Resolved, ("team", "search")) with
        {
            Value = 1234.567890123456789m, Threshold = 1000.00m, FiredAt = T0, ResolvedAt = T0 + 43_200_000_000,
            Reason = "condition cleared",
        },
    ];

    private static AlertInstanceRow Row(string fingerprint, string rule, string severity, AlertState state,
        params (string Name, string Value)[] labels) =>
        new(fingerprint, rule, severity,
            AlertLabels.For(rule, severity, labels.Select(l => KeyValuePair.Create(l.Name, l.Value))).Pairs
                .ToDictionary(p => p.Key, p => p.Value),
            new Dictionary<string, string>(), state, null, null, T0, null, null, null, null, [], [], false, T0);
}

using CostWatch.Core.Alerting;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport;
using CostWatch.TestSupport.Alerting;

namespace CostWatch.Storage.Tests.Alerting;

/// <summary>The API's reads of alert instances and rule health on both stores, over rows written as the engine would.</summary>
public sealed class AlertQueryStoreTests
{
    private const long T0 = 1_795_000_000_000_000;

    [Theory]
    [StoreProviders]
    public async Task ListAlerts_ReadsEveryColumnExactly(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var rows = Rows();
        await AlertTableWriter.WriteInstancesAsync(provider, store.ConnectionString, rows);

        var read = await Alerts(store).ListAlertsAsync(AlertFilter.All, default);

        Assert.Equal(rows.OrderBy(r => r.Rule, StringComparer.Ordinal).ThenBy(r => r.Fingerprint, StringComparer.Ordinal)
            .Select(Describe), read.Select(Describe));
        var budget = Assert.Single(read, r => r.Rule == "TeamBudget");
        Assert.Equal(1234.567890123456789m, budget.Value);
        Assert.Equal(1000m, budget.Threshold);
    }

    [Theory]
    [StoreProviders]
    public async Task ListAlerts_FiltersByStateRuleAndFingerprint(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AlertTableWriter.WriteInstancesAsync(provider, store.ConnectionString, Rows());

        async Task<string[]> Fingerprints(AlertFilter filter) =>
            (await Alerts(store).ListAlertsAsync(filter, default)).Select(r => r.Fingerprint).ToArray();

        Assert.Equal(["fp-tools", "fp-loss-researcher", "fp-loss-writer"], await Fingerprints(new AlertFilter(AlertState.Firing)));
        Assert.Equal(["fp-loop"], await Fingerprints(new AlertFilter(AlertState.Pending)));
        Assert.Equal(["fp-budget", "fp-loss-old"], await Fingerprints(new AlertFilter(AlertState.Resolved)));
        Assert.Equal(["fp-loss-old", "fp-loss-researcher", "fp-loss-writer"], await Fingerprints(new AlertFilter(Rule: "TraceLoss")));
        Assert.Equal(["fp-loss-researcher", "fp-loss-writer"], await Fingerprints(new AlertFilter(AlertState.Firing, "TraceLoss")));
        Assert.Equal(["fp-tools"], await Fingerprints(new AlertFilter(Fingerprint: "fp-tools")));
        Assert.Empty(await Fingerprints(new AlertFilter(AlertState.Pending, Fingerprint: "fp-tools")));
        Assert.Empty(await Fingerprints(new AlertFilter(Rule: "NoSuchRule")));
    }

    [Theory]
    [StoreProviders]
    public async Task ListRuleHealth_IsEveryRowByRule(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        RuleHealthRow[] rows =
        [
            new("TraceLoss", "ok", T0, 1234, null, 0),
            new("AgentRunLatencyP99", "bad", T0 - 30_000_000, 2_000_001, "timeout after 10s", 3),
            new("TeamBudget", "unknown", null, null, null, 0),
        ];
        await AlertTableWriter.WriteRuleHealthAsync(provider, store.ConnectionString, rows);

        var read = await Alerts(store).ListRuleHealthAsync(default);

        Assert.Equal(rows.OrderBy(r => r.Rule, StringComparer.Ordinal), read);
    }

    [Theory]
    [StoreProviders]
    public async Task EmptyTables_ReadAsEmpty(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);

        Assert.Empty(await Alerts(store).ListAlertsAsync(AlertFilter.All, default));
        Assert.Empty(await Alerts(store).ListRuleHealthAsync(default));
    }

    private static IAlertQueryStore Alerts(TestStore store) => (IAlertQueryStore)store.Store;

    /// <summary>Records compare dictionaries and lists by reference: this spells a row out.</summary>
    private static string Describe(AlertInstanceRow r) =>
        string.Join(" | ", r.Fingerprint, r.Rule, r.Severity, string.Join(",", r.Labels.Select(l => $"{l.Key}={l.Value}")),
            string.Join(",", r.Annotations.Select(l => $"{l.Key}={l.Value}")), r.State, r.Value, r.Threshold, r.ActiveAt,
            r.FiredAt, r.ResolvedAt, r.LastBreachAt, r.Reason, string.Join(",", r.SilencedBy), string.Join(",", r.InhibitedBy),
            r.Notified, r.UpdatedAt);

    internal static List<AlertInstanceRow> Rows() =>
    [
        Row("fp-loss-researcher", "TraceLoss", AlertState.Firing, ("agent", "researcher")) with
        {
            FiredAt = T0 + 300_000_000, Value = 612.5m, Threshold = 300m, Notified = true,
            SilencedBy = ["0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e", "1c9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e"],
            Annotations = new Dictionary<string, string> { ["summary"] = "researcher silent for 10m" },
        },
        Row("fp-loss-writer", "TraceLoss", AlertState.Firing, ("agent", "writer")) with
        {
            FiredAt = T0, InhibitedBy = ["fp-pipeline"],
        },
        Row("fp-loss-old", "TraceLoss", AlertState.Resolved, ("agent", "old")) with
        {
            FiredAt = T0, ResolvedAt = T0 + 86_400_000_000, Reason = "retired", Notified = true,
        },
        Row("fp-loop", "HighAgentLoopIterations", AlertState.Pending, ("agent", "planner")) with
        {
            Value = 0.0125m, Threshold = 0.01m, LastBreachAt = T0 + 30_000_000,
        },
        Row("fp-tools", "ToolCallFailureSpike", AlertState.Firing, ("agent", "researcher"), ("tool", "web_search")) with
        {
            Value = 0.8m, Threshold = 0.9m, FiredAt = T0 + 120_000_000,
        },
        Row("fp-budget", "TeamBudget", AlertState.Resolved, ("team", "search")) with
        {
            Value = 1234.567890123456789m, Threshold = 1000m, FiredAt = T0, ResolvedAt = T0 + 1, Reason = "condition cleared",
        },
    ];

    private static AlertInstanceRow Row(string fingerprint, string rule, AlertState state, params (string, string)[] labels) =>
        new(fingerprint, rule, "critical",
            labels.Append(("alertname", rule)).Append(("severity", "critical"))
                .OrderBy(l => l.Item1, StringComparer.Ordinal).ToDictionary(l => l.Item1, l => l.Item2),
            new Dictionary<string, string>(), state, null, null, T0, null, null, null, null, [], [], false, T0 + 5);
}

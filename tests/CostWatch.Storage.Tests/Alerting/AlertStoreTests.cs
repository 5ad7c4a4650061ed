using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.Alerting;

/// <summary>The evaluation round on both stores: state written with its outbox events, read back whole, one round at a time.</summary>
public sealed class AlertStoreTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private static readonly AlertRule Rule = new()
    {
        Name = "ToolCallFailureSpike",
        Kind = AlertRuleKind.ToolSuccessRate,
        Severity = "critical",
        GroupBy = ["agent", "tool"],
    };

    [Theory]
    [StoreProviders]
    public async Task Round_WritesTheFiringInstanceAndItsEvent_AndTheNextRoundReadsItBackUnchanged(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IAlertStore)test.Store;

        Assert.True(await store.RunAlertRoundAsync(Now, TimeSpan.FromSeconds(15), state => Fire(state, Now, 0.123456789012m), default));
        AlertInstance? readBack = null;
        (AlertState, DateTime, DateTime?, decimal?, decimal?, bool) asRead = default;
        Assert.True(await store.RunAlertRoundAsync(Now.AddSeconds(30), TimeSpan.FromSeconds(15), state =>
        {
            readBack = Assert.Single(state.OpenInstances);
            asRead = (readBack.State, readBack.ActiveAt, readBack.FiredAt, readBack.Value, readBack.Threshold, readBack.Notified);
            Assert.Equal(0, state.Health["ToolCallFailureSpike"].ConsecutiveFailures);
            return Fire(state, Now.AddSeconds(30), 0.5m);
        }, default));

        Assert.Equal((AlertState.Firing, Now, (DateTime?)Now, (decimal?)0.123456789012m, (decimal?)0.9m, true), asRead);
        Assert.Equal("{\"agent\":\"researcher\",\"alertname\":\"ToolCallFailureSpike\",\"severity\":\"critical\",\"tool\":\"search\"}",
            readBack!.Labels.Json);
        var events = await test.QueryAsync("SELECT status, rule, fingerprint, labels, dispatched_at FROM alert_events");
        var firing = Assert.Single(events);
        Assert.Equal(("firing", "ToolCallFailureSpike", readBack.Fingerprint, readBack.Labels.Json),
            ((string)firing[0], (string)firing[1], (string)firing[2], (string)firing[3]));
        Assert.True(firing[4] is DBNull);
    }

    [Theory]
    [StoreProviders]
    public async Task Round_LessThanTheMinimumGapAfterAnother_IsSkippedWithoutCallingDecide(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (IAlertStore)test.Store;
        await store.RunAlertRoundAsync(Now, TimeSpan.FromSeconds(15), state => Fire(state, Now, 0.5m), default);

        var decided = false;
        var ran = await store.RunAlertRoundAsync(Now.AddSeconds(10), TimeSpan.FromSeconds(15), state =>
        {
            decided = true;
            return Fire(state, Now, 0.5m);
        }, default);

        Assert.False(ran);
        Assert.False(decided);
        Assert.Single(await test.QueryAsync("SELECT id FROM alert_events"));
    }

    [PostgresFact]
    public async Task Round_TwoReplicasAtOnce_OneEvaluatesAndOneEventIsWritten()
    {
        await using var test = await TestStore.CreateAsync(StorageProvider.Postgres);
        var replicas = new[] { (IAlertStore)test.Store, (IAlertStore)test.NewInstance() };
        using var bothInside = new Barrier(2);

        var results = await Task.WhenAll(replicas.Select(replica => Task.Run(() => replica.RunAlertRoundAsync(Now,
            TimeSpan.FromSeconds(15), state =>
            {
                // The first in holds the lock while the other tries: the other must give up, not wait.
                bothInside.SignalAndWait(TimeSpan.FromSeconds(2));
                return Fire(state, Now, 0.5m);
            }, default))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(await test.QueryAsync("SELECT id FROM alert_events"));
    }

    private static AlertRoundChanges Fire(AlertRoundState state, DateTime now, decimal value)
    {
        var round = new AlertRound(now, state.OpenInstances);
        round.Apply(Rule, [new GroupObservation([new("agent", "researcher"), new("tool", "search")], AlertVerdict.Breached, value, 0.9m, 40)], TimeSpan.Zero);
        round.Mute(_ => [], []);
        var events = round.TakeEvents();
        return new AlertRoundChanges(round.Instances.Where(i => i.Changed).ToList(), events,
            [new RuleHealth(Rule.Name, RuleHealth.Ok, now, TimeSpan.FromMilliseconds(3), null, 0)], []);
    }
}

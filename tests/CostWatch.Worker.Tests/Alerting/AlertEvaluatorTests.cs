using System.Diagnostics.Metrics;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Silences;
using CostWatch.Core.Pricing;
using CostWatch.Core.Rollups;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>
/// The evaluator on a real store and a fake clock: restarts (a new evaluator on the same database) and failing
/// evaluations. Samples are written straight into the sample table, as the rollup pass would.
/// </summary>
public sealed class AlertEvaluatorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly AlertRule ToolFailures = new()
    {
        Name = "ToolCallFailureSpike",
        Kind = AlertRuleKind.ToolSuccessRate,
        Severity = "critical",
        GroupBy = ["agent", "tool"],
        Window = TimeSpan.FromMinutes(10),
        For = TimeSpan.FromMinutes(5),
        MinSamples = 20,
        Threshold = 0.9m,
    };

    private static readonly AlertRule Loops = new()
    {
        Name = "HighAgentLoopIterations",
        Kind = AlertRuleKind.LoopIterations,
        GroupBy = ["agent"],
        Window = TimeSpan.FromMinutes(15),
        MinSamples = 1,
        MaxIterations = 8,
        Threshold = 0.01m,
    };

    private static readonly AlertRuleSet Rules = new(TimeSpan.FromSeconds(30), [ToolFailures, Loops], [], "test");

    private readonly FakeTimeProvider _clock = new(T0);
    private string _directory = "";
    private ITelemetryStore _store = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("costwatch-alerts-").FullName;
        _store = TelemetryStoreFactory.Create(StorageProvider.Sqlite, $"Data Source={Path.Combine(_directory, "costwatch.db")}");
        await _store.MigrateAsync(default);
    }

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Restart_InTheMiddleOfFor_TheDowntimeDoesNotCount_AndTheAlertFiresOnce()
    {
        // Breaching from minute 0, evaluated every 30 s until minute 2; `for` is 5 minutes.
        await RunAsync(Evaluator(), TimeSpan.Zero, TimeSpan.FromMinutes(2));
        Assert.Equal(["pending"], await StatesAsync(ToolFailures.Name));

        // Down from minute 2 to minute 20, still breaching when it comes back. Counted toward `for`: the 2 minutes
        // before, and one interval for the evaluation that found the gap; so it fires 2.5 minutes later, not at once.
        var after = Evaluator();
        await RunAsync(after, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(22));
        Assert.Equal(["pending"], await StatesAsync(ToolFailures.Name));
        await RunAsync(after, TimeSpan.FromMinutes(22.5), TimeSpan.FromMinutes(22.5));
        Assert.Equal(["firing"], await StatesAsync(ToolFailures.Name));
        var firedAt = (long)(await QueryAsync("SELECT fired_at FROM alert_instances"))[0][0];
        Assert.Equal(T0.AddMinutes(22.5), DateTimeOffset.UnixEpoch.AddTicks(firedAt * 10));

        // Yet another restart while firing: nothing is notified again.
        await RunAsync(Evaluator(), TimeSpan.FromMinutes(24), TimeSpan.FromMinutes(25));
        Assert.Equal(["firing"], await StatesAsync(ToolFailures.Name));
        Assert.Equal(["firing:ToolCallFailureSpike"], await EventsAsync());
    }

    [Fact]
    public async Task SilencedAlert_StaysVisibleWithItsSilence_AndIsNotifiedOnlyOnceTheSilenceEnds()
    {
        var silences = (ISilenceStore)_store;
        var silence = Silence.Create(Guid.NewGuid(), [new LabelMatcher("agent", "researcher", isRegex: false, isEqual: true)],
            T0.UtcDateTime, T0.UtcDateTime.AddMinutes(10), "oncall", "deploying a fix", T0.UtcDateTime);
        await silences.CreateAsync(silence, default);

        await RunAsync(Evaluator(), TimeSpan.Zero, TimeSpan.FromMinutes(6));
        Assert.Equal(["firing"], await StatesAsync(ToolFailures.Name));
        var silencedBy = (string)(await QueryAsync("SELECT silenced_by FROM alert_instances"))[0][0];
        Assert.Equal($"[\"{silence.Id:D}\"]", silencedBy);
        Assert.Empty(await EventsAsync());

        await silences.ExpireAsync(silence.Id, T0.UtcDateTime.AddMinutes(6.25), default);
        await RunAsync(Evaluator(), TimeSpan.FromMinutes(6.5), TimeSpan.FromMinutes(6.5));
        Assert.True((await QueryAsync("SELECT silenced_by FROM alert_instances"))[0][0] is DBNull);
        Assert.Equal(["firing:ToolCallFailureSpike"], await EventsAsync());
    }

    [Theory]
    [InlineData("team", "groupBy team is neither agent, model, provider, service, user nor a cost dimension of CostWatch:Costs:Dimensions")]
    [InlineData("window", "window 3.00:00:00 is longer than CostWatch:Rollups:MinuteRetention (2.00:00:00)")]
    public async Task RuleThatCannotBeEvaluatedAsWritten_TurnsBadWithTheReason(string problem, string message)
    {
        var rule = problem == "team"
            ? new AlertRule { Name = "TeamBudget", Kind = AlertRuleKind.Budget, GroupBy = ["team"], Period = BudgetPeriod.Day, LimitUsd = 10 }
            : Loops with { Name = "LongLoops", Window = TimeSpan.FromDays(3) };

        await EvaluateAt(Evaluator(new AlertRuleSet(TimeSpan.FromSeconds(30), [rule], [], "test")), TimeSpan.Zero);

        var health = await QueryAsync($"SELECT health, last_error FROM alert_rule_health WHERE rule = '{rule.Name}'");
        Assert.Equal("bad", (string)health[0][0]);
        Assert.Contains(message, (string)health[0][1]);
    }

    [Fact]
    public async Task FailingEvaluation_ChangesNoState_TurnsTheRuleBad_AndAfterThreeFailuresRaisesTheMetaAlert()
    {
        var evaluator = Evaluator();
        await FailingToolCallsAt(T0);
        await EvaluateAt(evaluator, TimeSpan.Zero);
        Assert.Equal(["pending"], await StatesAsync(ToolFailures.Name));

        // The tool samples become unreadable (as when a query times out); the loop rule still evaluates.
        await ExecuteAsync("ALTER TABLE alert_tool_calls RENAME TO alert_tool_calls_away");
        for (var i = 1; i <= 3; i++)
        {
            await EvaluateAt(evaluator, TimeSpan.FromMinutes(i * 2));
        }

        Assert.Equal(["pending"], await StatesAsync(ToolFailures.Name));
        var health = await QueryAsync("SELECT health, consecutive_failures, last_error FROM alert_rule_health WHERE rule = 'ToolCallFailureSpike'");
        Assert.Equal(("bad", 3L), ((string)health[0][0], (long)health[0][1]));
        Assert.Contains("alert_tool_calls", (string)health[0][2]);
        Assert.Equal("ok", (string)(await QueryAsync("SELECT health FROM alert_rule_health WHERE rule = 'HighAgentLoopIterations'"))[0][0]);
        Assert.Equal(["firing"], await StatesAsync("CostWatchRuleEvaluationFailing"));
        var meta = AlertLabels.Parse((string)(await QueryAsync("SELECT labels FROM alert_events"))[0][0]);
        Assert.Equal(("ToolCallFailureSpike", "critical"), (meta["rule"], meta["severity"]));

        // Back: the meta-alert resolves, and the minutes spent failing did not count toward `for`.
        await ExecuteAsync("ALTER TABLE alert_tool_calls_away RENAME TO alert_tool_calls");
        await FailingToolCallsAt(T0.AddMinutes(7));
        await EvaluateAt(evaluator, TimeSpan.FromMinutes(7));
        Assert.Equal(["resolved"], await StatesAsync("CostWatchRuleEvaluationFailing"));
        Assert.Equal(["pending"], await StatesAsync(ToolFailures.Name));
        Assert.Equal(["firing:CostWatchRuleEvaluationFailing", "resolved:CostWatchRuleEvaluationFailing"], await EventsAsync());
    }

    private AlertEvaluator Evaluator(AlertRuleSet? rules = null)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new AlertEvaluator(new StaticAlertRulesSource(rules ?? Rules), (IAlertStore)_store, (ISilenceStore)_store, new NoPrices(),
            Options.Create(new AlertEngineOptions()), Options.Create(new RollupOptions()), Options.Create(new CostsOptions()),
            new AlertMetrics(new CostWatchMetrics(meters)), _clock, NullLogger<AlertEvaluator>.Instance);
    }

    /// <summary>Keeps breaching and evaluates every 30 s (the rules' interval) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private async Task RunAsync(AlertEvaluator evaluator, TimeSpan from, TimeSpan to)
    {
        for (var at = from; at <= to; at += Rules.EvaluationInterval)
        {
            if (at.Seconds == 0)
            {
                await FailingToolCallsAt(T0 + at);
            }

            await EvaluateAt(evaluator, at);
        }
    }

    private async Task EvaluateAt(AlertEvaluator evaluator, TimeSpan at)
    {
        _clock.SetUtcNow(T0 + at);
        Assert.True(await evaluator.EvaluateAsync(default));
    }

    /// <summary>One minute of 40 calls, half failed: a success rate of 0.5.</summary>
    private Task FailingToolCallsAt(DateTimeOffset at) => ExecuteAsync(
        $"INSERT INTO alert_tool_calls (bucket_start, agent, tool, calls, failed_calls) VALUES " +
        $"({RollupResolution.BucketStart(at.UtcDateTime, RollupResolution.Minute)}, 'researcher', 'search', 40, 20)");

    private async Task<List<string>> StatesAsync(string rule) =>
        (await QueryAsync($"SELECT state FROM alert_instances WHERE rule = '{rule}'"))
            .Select(r => ((AlertState)Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToString().ToLowerInvariant())
            .ToList();

    private async Task<List<string>> EventsAsync() =>
        (await QueryAsync("SELECT status, rule FROM alert_events ORDER BY id")).Select(r => $"{r[0]}:{r[1]}").ToList();

    private Task<List<object[]>> QueryAsync(string sql) =>
        SqlQuery.RowsAsync(StorageProvider.Sqlite, $"Data Source={Path.Combine(_directory, "costwatch.db")}", sql);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "costwatch.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>These rules need no prices.</summary>
    private sealed class NoPrices : IPriceCatalogSource
    {
        public PriceCatalog Current => PriceCatalog.Empty;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using CostWatch.Simulator;
using CostWatch.Worker.Jobs;
using CostWatch.Worker.Tests.Hosting;

namespace CostWatch.Worker.Tests.Simulator;

/// <summary>
/// Each scenario of the simulator, against a worker whose alert engine runs the production rules with short
/// windows (<see cref="ShortWindowRules"/>), fires the rule it is meant to fire, and no other; steady traffic fires
/// none. The fleet keeps running while the test watches <c>GET /api/v1/alerts</c>, as it would in the compose stack.
/// </summary>
public sealed class ScenarioAlertTests
{
    [Theory]
    [InlineData("loops", "HighAgentLoopIterations", "researcher", null)]
    [InlineData("tool-failures", "ToolCallFailureSpike", "researcher", "web_search")]
    [InlineData("context-pressure", "TokenBudgetExceeded", "writer", null)]
    [InlineData("slow-runs", "AgentRunLatencyP99", "writer", null)]
    [InlineData("silent-agent", "TraceLoss", "reviewer", null)]
    public async Task Scenario_FiresTheRuleItIsMeantToFire_AndNoOther(string scenario, string rule, string agent, string? tool)
    {
        await using var worker = await StartWorkerAsync();
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        await using var fleet = SimulatedFleet.Start(worker.GrpcUrl, SimulatorCommandLine.Parse(["--scenario", scenario])!.Scenario);

        var firing = await Eventually.GetAsync(() => AlertsAsync(http, "firing"),
            alerts => alerts.Any(a => a.Rule == rule && a.Labels["agent"] == agent), $"{rule} to fire for {agent}", timeoutSeconds: 90);

        var alert = firing.First(a => a.Rule == rule && a.Labels["agent"] == agent);
        if (tool is not null)
        {
            Assert.Equal(tool, alert.Labels["tool"]);
        }

        Assert.True(fleet.Progress.SpansFailed == 0, fleet.Progress.ToString());
        var others = (await AlertsAsync(http, "firing")).Concat(await AlertsAsync(http, "pending")).Where(a => a.Rule != rule).ToList();
        Assert.True(others.Count == 0, $"{scenario} also raised: {string.Join(", ", others)}");
    }

    [Fact]
    public async Task SteadyTraffic_FiresNothing()
    {
        await using var worker = await StartWorkerAsync();
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        await using var fleet = SimulatedFleet.Start(worker.GrpcUrl, Scenario.Steady);

        // The registry knows the four agents; then two evaluation rounds past the trace-loss threshold judge every
        // rule over well more than its minimum samples.
        await Eventually.GetAsync(() => RegisteredAgentsAsync(worker), agents => agents == 4, "the four agents in the registry");
        await Task.Delay(TimeSpan.FromSeconds((double)ShortWindowRules.TraceLossSeconds) + (2 * AlertEvaluationJob.Tick));

        var raised = (await AlertsAsync(http, "firing")).Concat(await AlertsAsync(http, "pending")).ToList();
        Assert.True(raised.Count == 0, $"steady traffic raised: {string.Join(", ", raised)}");
        Assert.True(fleet.Progress.SpansAcknowledged > 500, fleet.Progress.ToString());
    }

    private static Task<WorkerHost> StartWorkerAsync() => WorkerHost.StartAsync(
        settings: new Dictionary<string, string> { ["CostWatch:Rollups:Interval"] = "00:00:01" },
        configure: ShortWindowRules.Use);

    private static async Task<long> RegisteredAgentsAsync(WorkerHost worker) =>
        Convert.ToInt64((await worker.QueryAsync("SELECT count(*) FROM alert_agents"))[0][0]);

    private static async Task<List<RaisedAlert>> AlertsAsync(HttpClient http, string state)
    {
        var body = await http.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?state={state}");
        return body.GetProperty("alerts").EnumerateArray().Select(alert => new RaisedAlert(
            alert.GetProperty("rule").GetString()!,
            alert.GetProperty("labels").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!))).ToList();
    }

    private sealed record RaisedAlert(string Rule, Dictionary<string, string> Labels)
    {
        public override string ToString() => $"{Rule} {{{string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}"))}}}";
    }
}

using System.Text.Json;
using CostWatch.Simulator;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.DemoStack;
using CostWatch.Worker.Tests.Hosting;
using CostWatch.Worker.Tests.Notifications;
using CostWatch.Worker.Tests.Simulator;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>
/// The compose stack without Docker: the worker on a PostgreSQL database that has Grafana's read-only role, its
/// alert engine on the production rules with short windows, a real Prometheus loading
/// <c>deploy/prometheus/prometheus.yml</c> and the Prometheus rules and scraping the worker every second, and a few
/// seconds of the simulator's steady fleet, all rolled up and scraped. When the fleet stops, CostWatch's trace-loss
/// rule (15 s here) fires, so the alert panels have an alert to show, and its notice goes to a webhook receiver, so
/// the notification panels have a delivery to show.
/// </summary>
public sealed class DemoStackFixture : IAsyncLifetime
{
    private string? _database;
    private WebhookReceiver? _receiver;

    internal WorkerHost Worker { get; private set; } = null!;

    internal PrometheusServer Prometheus { get; private set; } = null!;

    internal GrafanaReaderRole Reader { get; private set; } = null!;

    internal SimulatorProgress Simulation { get; private set; }

    internal ScrapedMetrics Scrape { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!PostgresServer.IsAvailable || !PrometheusServer.IsAvailable)
        {
            return; // The tests are skipped (or, with CI=true, fail on their own).
        }

        _database = await PostgresServer.CreateDatabaseAsync();
        // Before the worker creates its tables, as in compose: the default privileges have to cover them.
        Reader = await GrafanaReaderRole.CreateAsync(_database);
        _receiver = await WebhookReceiver.StartAsync();
        Worker = await WorkerHost.StartAsync(StorageProvider.Postgres, _database, new Dictionary<string, string>
        {
            ["CostWatch:Rollups:Interval"] = "00:00:01",
            ["CostWatch:Costs:Dimensions:environment"] = "deployment.environment.name",
            ["CostWatch:Notifications:GroupWait"] = "00:00:00",
            ["CostWatch:Notifications:GroupInterval"] = "00:00:01",
            ["CostWatch:Notifications:Receivers:ops-hook:Type"] = "Webhook",
            ["CostWatch:Notifications:Receivers:ops-hook:Url"] = _receiver.Url,
        }, ShortWindowRules.Use);
        Prometheus = await PrometheusServer.StartAsync(PrometheusConfiguration(new Uri(Worker.HttpUrl).Authority),
            new Dictionary<string, string>
            {
                ["rules/costwatch.rules.yml"] = RepositoryFiles.Read("alert-rules/prometheus/costwatch.rules.yml"),
            });

        Simulation = await RunFleetAsync(TimeSpan.FromSeconds(8));

        // Every coordinator run rolled up, on /metrics and scraped.
        await Eventually.GetAsync(
            async () => Value(await Prometheus.QueryAsync("sum(costwatch_agent_runs_total{agent=\"coordinator\"})")),
            runs => runs == Simulation.RunsCompleted, "Prometheus to see every coordinator run", timeoutSeconds: 90);
        await WaitForTraceLossAsync(deliveries: 1);

        // A histogram series appears with its first observation, and rate() needs an increase after that: the fleet
        // comes back for a moment (trace loss resolves, a second notice) and stops again (it fires again, a third).
        await RunFleetAsync(TimeSpan.FromSeconds(2));
        await WaitForTraceLossAsync(deliveries: 3);
        using var http = new HttpClient { BaseAddress = new Uri(Worker.HttpUrl) };
        Scrape = await ScrapedMetrics.ScrapeAsync(http);
    }

    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        if (_database is not null)
        {
            await PostgresServer.DropDatabaseAsync(_database);
            await Reader.DropAsync();
        }
    }

    /// <summary>The simulator's steady fleet for <paramref name="duration"/> of simulated time, every span acknowledged.</summary>
    private async Task<SimulatorProgress> RunFleetAsync(TimeSpan duration)
    {
        using var simulator = new FleetSimulator(new SimulatorOptions
        {
            Protocol = ExportProtocol.Grpc,
            Endpoint = new Uri(Worker.GrpcUrl),
            Scenario = Scenario.Steady,
            Rate = 8,
            Duration = duration,
            Speed = 20,
            Seed = 6,
        }, TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var progress = await simulator.RunAsync(timeout.Token);
        return progress.SpansAcknowledged == progress.SpansSent
            ? progress
            : throw new InvalidOperationException($"CostWatch did not acknowledge every span: {progress}");
    }

    /// <summary>
    /// Waits until CostWatch's trace-loss alert for the stopped fleet is firing and its notices (firing, resolved,
    /// firing again) have been delivered <paramref name="deliveries"/> times, both as Prometheus scraped them.
    /// </summary>
    private async Task WaitForTraceLossAsync(int deliveries)
    {
        await Eventually.GetAsync(
            async () => Value(await Prometheus.QueryAsync("sum(costwatch_alerts{rule=\"TraceLoss\", state=\"firing\"})")),
            firing => firing > 0, "CostWatch's trace-loss alert for the stopped fleet, scraped", timeoutSeconds: 120);
        await Eventually.GetAsync(
            async () => Value(await Prometheus.QueryAsync("sum(costwatch_notification_delivery_seconds_count)")),
            delivered => delivered >= deliveries, $"{deliveries} trace-loss notice(s) delivered, scraped", timeoutSeconds: 120);
    }

    /// <summary>The compose stack's Prometheus configuration, scraping the test's worker every second.</summary>
    private static string PrometheusConfiguration(string target)
    {
        var configuration = RepositoryFiles.Read("deploy/prometheus/prometheus.yml");
        var replaced = configuration
            .Replace("\"costwatch:4318\"", $"\"{target}\"", StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", "evaluation_interval: 1s", StringComparison.Ordinal);
        return replaced.Contains(target, StringComparison.Ordinal) && replaced.Contains("scrape_interval: 1s", StringComparison.Ordinal)
            ? replaced
            : throw new InvalidOperationException("deploy/prometheus/prometheus.yml no longer has the target and interval this test replaces");
    }

    /// <summary>The value of a one-sample vector, or NaN when it is empty.</summary>
    private static double Value(JsonElement data)
    {
        var result = data.GetProperty("result");
        return result.GetArrayLength() == 1
            ? double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : double.NaN;
    }
}

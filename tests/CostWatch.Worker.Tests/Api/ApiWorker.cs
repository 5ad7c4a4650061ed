using System.Text.Json;
using CostWatch.Core.Costs;
using CostWatch.Storage;
using CostWatch.TestSupport.Rollups;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Api;

/// <summary>
/// A worker on a fake clock whose rollup tables hold <see cref="Calls"/> (written directly, as the rollup job
/// would write them), with an HTTP client for the API and a custom dimension <c>team</c>.
/// </summary>
internal sealed class ApiWorker : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 30, TimeSpan.Zero);
    public static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private ApiWorker(WorkerHost host, HttpClient http, List<RollupCall> calls)
    {
        Host = host;
        Http = http;
        Calls = calls;
    }

    public WorkerHost Host { get; }

    public HttpClient Http { get; }

    public List<RollupCall> Calls { get; }

    public static async Task<ApiWorker> StartAsync(StorageProvider provider, IDictionary<string, string>? settings = null,
        IEnumerable<RollupCall>? calls = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string>
        {
            ["CostWatch:Costs:Dimensions:team"] = "team.name",
            // The default retention (WorkerHost keeps everything): query planning depends on it.
            ["CostWatch:Rollups:MinuteRetention"] = "2.00:00:00",
            ["CostWatch:Rollups:HourRetention"] = "90.00:00:00",
            ["CostWatch:Rollups:DayRetention"] = "1095.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var clock = new FakeTimeProvider(Now);
        var host = await WorkerHost.StartAsync(provider, settings: all, configure: builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            configure?.Invoke(builder);
        });
        var seeded = (calls ?? Workload()).ToList();
        await RollupTableWriter.WriteAsync(provider, host.ConnectionString, RollupBuckets.From(seeded));
        return new ApiWorker(host, new HttpClient { BaseAddress = new Uri(host.HttpUrl) }, seeded);
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Two days of calls: three agents, three models (one priced by nobody), sessions, users, teams.</summary>
    public static List<RollupCall> Workload()
    {
        var calls = new List<RollupCall>();
        var random = new Random(11);
        string[] agents = ["researcher", "writer", "__unattributed__"];
        string[] models = ["gpt-4o", "claude-sonnet-4", "mystery-model"];
        for (var i = 0; i < 300; i++)
        {
            var agent = agents[i % 3];
            var model = models[random.Next(3)];
            calls.Add(new RollupCall
            {
                Start = Day.AddDays(-1).AddSeconds(random.Next(0, 2 * 86400 + 12 * 3600)),
                Agent = agent,
                Session = agent == "__unattributed__" ? "" : $"s-{i % 6}",
                Model = model,
                Provider = model.StartsWith("claude", StringComparison.Ordinal) ? "anthropic" : "openai",
                Service = "fleet",
                User = i % 4 == 0 ? "u-1" : "",
                Dimensions = agent == "writer" ? """{"team":"platform"}""" : agent == "researcher" ? """{"team":"search"}""" : "",
                InputTokens = 1000 + i,
                CacheReadTokens = i % 3 == 0 ? 200 : 0,
                OutputTokens = 100 + i,
                ReasoningTokens = i % 2 == 0 ? 30 : 0,
                CostUsd = model == "mystery-model" ? null : 0.0000025m * (1000 + i) + 0.00001m * (100 + i) + 0.000000001m * i,
            });
        }

        return calls.Where(c => c.Start < Now).ToList();
    }

    public static CostFigures Figures(IEnumerable<RollupCall> calls) => CostFigures.Sum(calls.Select(c => new CostFigures(
        1, c.InputTokens, c.CacheReadTokens, c.CacheWriteTokens, c.OutputTokens, c.ReasoningTokens, c.CostUsd ?? 0m,
        c.CostUsd is null ? 1 : 0)));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

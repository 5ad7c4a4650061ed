using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CostWatch.Core.Costs;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;
using CostWatch.Storage;
using CostWatch.Storage.Rollups;
using CostWatch.TestSupport;
using CostWatch.Worker.Rollups;
using CostWatch.Worker.Tests.Api;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Exporter;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>
/// The whole path: agents instrumented with the OpenTelemetry .NET SDK send their traces, the worker prices and
/// stores them, the rollup job rolls them up, and the API answers totals equal, to the last digit, to what the
/// test computes from the workload and the prices it configured.
/// </summary>
public sealed class CostApiEndToEndTests : IDisposable
{
    // USD per million tokens, as the price file below says.
    private const decimal GptInput = 2.5m, GptCacheRead = 1.25m, GptOutput = 10m;
    private const decimal TeamInput = 0.37m, TeamCacheRead = 0.037m, TeamOutput = 1.11m;

    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-e2e-costs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [StoreProviders]
    public async Task ApiTotals_EqualTheWorkloadsCost_Exactly(StorageProvider provider)
    {
        var prices = Path.Combine(_directory, "prices.yaml");
        await File.WriteAllTextAsync(prices, $$"""
            models:
              - id: gpt-4o
                provider: openai
                inputPerMillion: {{GptInput}}
                cacheReadPerMillion: {{GptCacheRead}}
                outputPerMillion: {{GptOutput}}
              - id: team-model
                inputPerMillion: {{TeamInput}}
                cacheReadPerMillion: {{TeamCacheRead}}
                outputPerMillion: {{TeamOutput}}
            """);
        var started = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(started);
        await using var worker = await WorkerHost.StartAsync(provider, settings: new Dictionary<string, string>
        {
            ["CostWatch:Pricing:Files:0"] = prices,
            ["CostWatch:Rollups:Interval"] = "00:00:10",
        },
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));

        // (agent, session, LLM calls, model) per run; the SDK numbers each run's calls' tokens from 0.
        (string Agent, string Session, int Calls, string Model)[] runs =
        [
            ("researcher", "s-1", 3, "gpt-4o"), ("writer", "s-1", 2, "team-model"), ("researcher", "s-2", 2, "no-such-model-x"),
            ("planner", "s-3", 4, "gpt-4o"), ("writer", "s-3", 5, "gpt-4o"), ("planner", "s-1", 1, "team-model"),
        ];
        var traces = new List<Guid>();
        using (var agents = new AgentTraces(worker.GrpcUrl, OtlpExportProtocol.Grpc))
        {
            foreach (var run in runs)
            {
                traces.Add(Guid.Parse(agents.Run(run.Agent, run.Session, run.Calls, toolCalls: 1, model: run.Model).TraceId));
            }

            // A call made outside any agent run.
            using (var orphan = agents.Source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
            {
                orphan.SetTag("gen_ai.operation.name", "chat");
                orphan.SetTag("gen_ai.provider.name", "openai");
                orphan.SetTag("gen_ai.request.model", "gpt-4o");
                orphan.SetTag("gen_ai.usage.input_tokens", 3000L);
                orphan.SetTag("gen_ai.usage.output_tokens", 300L);
                traces.Add(Guid.Parse(orphan.TraceId.ToHexString()));
            }

            Assert.True(agents.Flush());
        }

        await RollUpEverythingAsync(worker, clock, traces);

        var expected = runs
            .SelectMany(run => Enumerable.Range(0, run.Calls).Select(i => (run.Agent, run.Model, Figures: Call(run.Model, 1000 + i, 500, 100 + i))))
            .Append((Agent: AttributedCall.UnattributedAgent, Model: "gpt-4o", Figures: Call("gpt-4o", 3000, 0, 300)))
            .GroupBy(c => (c.Agent, c.Model))
            .ToDictionary(g => $"{g.Key.Agent}|{g.Key.Model}", g => CostFigures.Sum(g.Select(c => c.Figures)));
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        var range = $"from={Time(started.AddHours(-1))}&to={Time(started.AddHours(1))}";

        var body = await GetAsync(http, $"/api/v1/costs?{range}&groupBy=agent,model");

        var rows = body.GetProperty("rows").EnumerateArray().ToDictionary(
            r => $"{r.GetProperty("agent").GetString()}|{r.GetProperty("model").GetString()}", CostsApiTests.FiguresOf);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), rows.OrderBy(r => r.Key, StringComparer.Ordinal));
        var total = CostsApiTests.FiguresOf(body.GetProperty("total"));
        Assert.Equal(CostFigures.Sum(expected.Values), total);
        Assert.Equal(rows.Values.Sum(r => r.PricedCostUsd), total.PricedCostUsd);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("model").GetString() == "no-such-model-x").GetProperty("costUsd").ValueKind);

        // The same calls by session, and one session in detail.
        var sessions = await GetAsync(http, $"/api/v1/sessions?{range}&sort=cost");
        var s1 = sessions.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("session").GetString() == "s-1");
        var s1Expected = runs.Where(r => r.Session == "s-1")
            .SelectMany(run => Enumerable.Range(0, run.Calls).Select(i => Call(run.Model, 1000 + i, 500, 100 + i)));
        Assert.Equal(CostFigures.Sum(s1Expected), CostsApiTests.FiguresOf(s1));
        var detail = await GetAsync(http, "/api/v1/sessions/s-1");
        Assert.Equal(CostFigures.Sum(s1Expected), CostsApiTests.FiguresOf(detail.GetProperty("total")));
        Assert.Equal(["planner", "researcher", "writer"], detail.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("agent").GetString()));
    }

    /// <summary>
    /// One LLM call as the test prices it: the OpenTelemetry convention counts cached tokens in the input, so
    /// the uncached input is input minus cache reads; an unknown model has no cost.
    /// </summary>
    private static CostFigures Call(string model, long input, long cacheRead, long output)
    {
        decimal? cost = model switch
        {
            "gpt-4o" => ((input - cacheRead) * GptInput + cacheRead * GptCacheRead + output * GptOutput) / 1_000_000m,
            "team-model" => ((input - cacheRead) * TeamInput + cacheRead * TeamCacheRead + output * TeamOutput) / 1_000_000m,
            _ => null,
        };
        return new CostFigures(1, input, cacheRead, 0, output, 0, cost ?? 0m, cost is null ? 1 : 0);
    }

    /// <summary>Moves the worker's clock until every call is attributed (or settled) and the rollup backlog is empty.</summary>
    internal static async Task RollUpEverythingAsync(WorkerHost worker, FakeTimeProvider clock, List<Guid> traces)
    {
        foreach (var trace in traces)
        {
            await Eventually.GetAsync(() =>
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                return worker.Store.GetLlmCallsAsync(trace, default);
            }, c => c.Count > 0 && c.All(x => x.Attribution != AttributionState.Pending), "attributed calls");
        }

        // Each step also runs a rollup pass itself, as the rollup job does (observers included): on a fake clock the
        // job's trigger fires when Quartz gets to it, which on a loaded machine can lag far behind the clock.
        var rollups = worker.Services.GetRequiredService<IRollupStore>();
        var observers = worker.Services.GetServices<IRollupObserver>().ToList();
        await Eventually.GetAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            var window = new CompositeRollupWindow(observers.Select(o => o.BeginWindow()).ToList());
            if ((await rollups.RollUpAsync(window, RollupBounds.Unbounded, default)).Ran)
            {
                window.Complete();
            }

            return await rollups.CountRollupBacklogAsync(default);
        }, backlog => backlog == 0, "an empty rollup backlog");
    }

    internal static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

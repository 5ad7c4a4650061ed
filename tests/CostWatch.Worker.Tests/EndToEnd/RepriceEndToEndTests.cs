using System.Text.Json;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Exporter;
using static CostWatch.Worker.Tests.EndToEnd.CostApiEndToEndTests;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>
/// A model the catalog did not know is added to a user price file after its calls arrived: its calls were
/// unpriced, a dry run shows what re-pricing would change without changing it, and the re-pricing run prices
/// them and corrects the rollups the API reads.
/// </summary>
public sealed class RepriceEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-e2e-reprice-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [StoreProviders]
    public async Task ANewlyPricedModel_IsUnpricedUntilRepriced_ThenTheApiShowsItsExactCost(StorageProvider provider)
    {
        var prices = Path.Combine(_directory, "prices.yaml");
        await File.WriteAllTextAsync(prices, "models:\n  - id: other-model\n    inputPerMillion: 1\n    outputPerMillion: 2\n");
        var started = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(started);
        await using var worker = await WorkerHost.StartAsync(provider, settings: new Dictionary<string, string>
        {
            ["CostWatch:Pricing:Files:0"] = prices,
            ["CostWatch:Pricing:ReloadInterval"] = "00:00:01",
            ["CostWatch:Rollups:Interval"] = "00:00:10",
        },
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        List<Guid> traces;
        using (var agents = new AgentTraces(worker.GrpcUrl, OtlpExportProtocol.Grpc))
        {
            traces = [Guid.Parse(agents.Run("researcher", "s-1", llmCalls: 3, toolCalls: 0, model: "acme-llm-1").TraceId)];
            Assert.True(agents.Flush());
        }

        await RollUpEverythingAsync(worker, clock, traces);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        var range = $"from={Time(started.AddHours(-1))}&to={Time(started.AddHours(1))}";
        var before = await ModelRowAsync(http, range);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("costUsd").ValueKind);
        Assert.Equal(3, before.GetProperty("unpricedCalls").GetInt64());

        // The price arrives: USD 3 and 15 per million input and output tokens. The SDK's calls carry
        // 1000+i input tokens (500 of them cache reads, billed at the input rate here) and 100+i output tokens.
        await File.WriteAllTextAsync(prices, "models:\n  - id: acme-llm-1\n    inputPerMillion: 3\n    outputPerMillion: 15\n");
        await Eventually.GetAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            using var response = await http.GetAsync("/api/v1/prices?model=acme-llm-1");
            return response.StatusCode;
        }, status => status == System.Net.HttpStatusCode.OK, "the reloaded price file");
        var expected = Enumerable.Range(0, 3).Sum(i => ((1000m + i) * 3m + (100m + i) * 15m) / 1_000_000m);

        var dryRun = await PostAsync(http, $"/api/v1/reprice?{range}&dryRun=true");
        var model = dryRun.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == "acme-llm-1");
        Assert.True(dryRun.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, model.GetProperty("changedCalls").GetInt64());
        Assert.Equal(3, model.GetProperty("unpricedCallsBefore").GetInt64());
        Assert.Equal(0, model.GetProperty("unpricedCallsAfter").GetInt64());
        Assert.Equal(expected, model.GetProperty("costUsdAfter").GetDecimal());
        Assert.Equal(3, (await ModelRowAsync(http, range)).GetProperty("unpricedCalls").GetInt64());

        var applied = await PostAsync(http, $"/api/v1/reprice?{range}");

        Assert.False(applied.GetProperty("dryRun").GetBoolean());
        var after = await ModelRowAsync(http, range);
        Assert.Equal(expected, after.GetProperty("costUsd").GetDecimal());
        Assert.Equal(0, after.GetProperty("unpricedCalls").GetInt64());
        var stored = await worker.Store.GetLlmCallsAsync(traces[0], default);
        Assert.All(stored, c => Assert.Equal(("computed", "acme-llm-1"), (c.CostSource.ToString().ToLowerInvariant(), c.PriceEntry)));
        // Nothing left to re-price: a second run changes nothing.
        var again = await PostAsync(http, $"/api/v1/reprice?{range}");
        Assert.Equal(0, again.GetProperty("total").GetProperty("changedCalls").GetInt64());
    }

    [Fact]
    public async Task Reprice_WithoutARangeOrWithABadOne_Is400NamingTheParameter()
    {
        await using var worker = await WorkerHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        foreach (var (query, parameter) in new[]
                 {
                     ("to=2026-11-24T00:00:00Z", "from"), ("from=2026-11-24T00:00:00Z", "to"),
                     ("from=yesterday&to=2026-11-24T00:00:00Z", "from"),
                     ("from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z", "from"),
                     ("from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&dryRun=maybe", "dryRun"),
                 })
        {
            using var response = await http.PostAsync($"/api/v1/reprice?{query}", null);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        }
    }

    private static async Task<JsonElement> ModelRowAsync(HttpClient http, string range) =>
        (await GetAsync(http, $"/api/v1/costs?{range}&groupBy=model")).GetProperty("rows").EnumerateArray()
        .Single(r => r.GetProperty("model").GetString() == "acme-llm-1");

    private static async Task<JsonElement> PostAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

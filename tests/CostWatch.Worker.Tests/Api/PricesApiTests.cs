using System.Net;
using CostWatch.Core.Pricing;
using CostWatch.Storage;
using CostWatch.Worker.Pricing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static CostWatch.Worker.Tests.Api.ApiWorker;

namespace CostWatch.Worker.Tests.Api;

/// <summary><c>GET /api/v1/prices</c>: the entry that would price a model now, and its source.</summary>
public sealed class PricesApiTests
{
    [Fact]
    public async Task BuiltInModel_AnswersItsEntry_PerTokenAndPerMillion()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, calls: []);

        var (status, body) = await worker.GetJsonAsync("/api/v1/prices?model=openai/GPT-4o-2024-08-06");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("openai/GPT-4o-2024-08-06", body.GetProperty("model").GetString());
        var entry = body.GetProperty("entry");
        Assert.Equal("gpt-4o-2024-08-06", entry.GetProperty("id").GetString());
        Assert.Equal("built-in", entry.GetProperty("source").GetString());
        Assert.Equal("built-in", entry.GetProperty("sourceKind").GetString());
        Assert.Equal("openai", entry.GetProperty("provider").GetString());
        Assert.Equal("chat", entry.GetProperty("mode").GetString());
        Assert.Equal(128000, entry.GetProperty("contextWindow").GetInt64());
        Assert.Equal("0.0000025", entry.GetProperty("perToken").GetProperty("input").GetRawText());
        Assert.Equal("2.5", entry.GetProperty("perMillionTokens").GetProperty("input").GetRawText());
        Assert.Equal("1.25", entry.GetProperty("perMillionTokens").GetProperty("cacheRead").GetRawText());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("perMillionTokens").GetProperty("reasoning").ValueKind);
        Assert.Empty(entry.GetProperty("tiers").EnumerateArray());
    }

    [Fact]
    public async Task TieredEntry_ListsItsTiers()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, calls: []);

        var (_, body) = await worker.GetJsonAsync("/api/v1/prices?model=anthropic.claude-sonnet-4-20250514-v1:0");

        var tier = Assert.Single(body.GetProperty("entry").GetProperty("tiers").EnumerateArray());
        Assert.Equal(200000, tier.GetProperty("aboveInputTokens").GetInt64());
        Assert.Equal("22.5", tier.GetProperty("perMillionTokens").GetProperty("output").GetRawText());
    }

    [Fact]
    public async Task UserEntry_WinsAndNamesItsFile()
    {
        var catalog = new PriceCatalog(BuiltInPriceCatalog.Catalog.BuiltInEntries,
        [
            new PriceEntry
            {
                Id = "gpt-4o", Provider = "openai", InputPerToken = 0.000002m, OutputPerToken = 0.000008m,
                EffectiveFrom = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), Source = "/etc/costwatch/prices.yaml",
            },
        ]);
        IPriceCatalogSource source = new FixedCatalog(catalog);
        await using var worker = await StartAsync(StorageProvider.Sqlite, calls: [],
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton(source)));

        var (_, body) = await worker.GetJsonAsync("/api/v1/prices?model=gpt-4o&provider=openai");

        var entry = body.GetProperty("entry");
        Assert.Equal("/etc/costwatch/prices.yaml", entry.GetProperty("source").GetString());
        Assert.Equal("user-file", entry.GetProperty("sourceKind").GetString());
        Assert.Equal("2026-11-01T00:00:00Z", entry.GetProperty("effectiveFrom").GetString());
        Assert.Equal("2", entry.GetProperty("perMillionTokens").GetProperty("input").GetRawText());
    }

    [Fact]
    public async Task UnknownModel_Is404NamingIt_AndAMissingModelIs400()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, calls: []);

        var (unknown, error) = await worker.GetJsonAsync("/api/v1/prices?model=no-such-model-9000");
        var (missing, bad) = await worker.GetJsonAsync("/api/v1/prices");

        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("'no-such-model-9000'", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("model", bad.GetProperty("parameter").GetString());
    }

    private sealed class FixedCatalog(PriceCatalog catalog) : IPriceCatalogSource
    {
        public PriceCatalog Current => catalog;
    }
}

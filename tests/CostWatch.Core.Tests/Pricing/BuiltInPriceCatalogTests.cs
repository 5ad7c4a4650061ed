using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

public sealed class BuiltInPriceCatalogTests
{
    private static readonly string[] PricedModes = ["chat", "completion", "responses", "embedding"];

    private static readonly string[] RateFields =
    [
        "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
        "cache_creation_input_token_cost", "output_cost_per_reasoning_token",
    ];

    [Fact]
    public void Load_EmbeddedCatalog_RecordsItsSource()
    {
        var document = BuiltInPriceCatalog.Load();

        Assert.Equal("BerriAI/litellm model_prices_and_context_window.json via RoCry/llm-api-price", document.Source);
        Assert.Matches("^[0-9a-f]{40}$", document.SourceCommit);
        Assert.Matches("^[0-9a-f]{64}$", document.SourceSha256);
        Assert.NotEmpty(document.Snapshot);
        Assert.StartsWith("MIT, Copyright (c) 2023 Berri AI", document.License, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmbeddedCatalog_EveryEntryIsAPricedBuiltInModel()
    {
        var entries = BuiltInPriceCatalog.Load().Entries;

        Assert.True(entries.Count > 2_000, $"only {entries.Count} entries");
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(entries.Select(e => e.Id).Order(StringComparer.Ordinal), entries.Select(e => e.Id));
        Assert.All(entries, entry =>
        {
            Assert.NotNull(entry.Id);
            Assert.Null(entry.Pattern);
            Assert.Null(entry.EffectiveFrom);
            Assert.Equal(PriceEntry.BuiltInSource, entry.Source);
            Assert.Contains(entry.Mode, PricedModes);
            Assert.True(entry.InputPerToken is not null || entry.OutputPerToken is not null, entry.Key);
            decimal?[] rates =
            [
                entry.InputPerToken, entry.OutputPerToken, entry.CacheReadPerToken, entry.CacheWritePerToken,
                entry.ReasoningPerToken, .. entry.Tiers.Select(t => t.InputPerToken),
            ];
            Assert.All(rates, rate => Assert.True(rate is null or >= 0m, entry.Key));
            Assert.All(entry.Tiers, tier => Assert.True(tier.AboveInputTokens > 0, entry.Key));
        });
    }

    [Fact]
    public void Load_CalledTwice_ParsedOnce() => Assert.Same(BuiltInPriceCatalog.Load(), BuiltInPriceCatalog.Load());

    [Fact]
    public void Notice_Embedded_CarriesTheMitLicenseAndNamesTheDerivedFile()
    {
        var notice = BuiltInPriceCatalog.Notice();

        Assert.Contains("MIT License", notice, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2023 Berri AI", notice, StringComparison.Ordinal);
        Assert.Contains("litellm-catalog.json", notice, StringComparison.Ordinal);
        Assert.Contains(BuiltInPriceCatalog.Load().SourceSha256, notice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-4o", "openai", "chat")]
    [InlineData("claude-sonnet-4-5", "anthropic", "chat")]
    [InlineData("text-embedding-3-small", "openai", "embedding")]
    [InlineData("anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock_converse", "chat")]
    public void Catalog_WellKnownModel_PricesItsCalls(string model, string provider, string mode)
    {
        var entry = BuiltInPriceCatalog.Catalog.Match(null, model, null, DateTime.UtcNow);

        Assert.NotNull(entry);
        Assert.Equal((model, provider, mode), (entry.Id, entry.Provider, entry.Mode));
        Assert.NotNull(entry.InputPerToken);
    }

    [Fact]
    public void Catalog_ClaudeSonnet45_HasItsLongContextTier() =>
        Assert.Contains(BuiltInPriceCatalog.Catalog.Match(null, "claude-sonnet-4-5", null, DateTime.UtcNow)!.Tiers,
            tier => tier.AboveInputTokens == 200_000 && tier.InputPerToken > 0);

    [SourcePriceFileFact]
    public void Load_EmbeddedCatalog_HasEveryPricedEntryOfTheSourceAtItsPrices()
    {
        using var source = JsonDocument.Parse(File.ReadAllText(SourcePriceFile.Path!));
        var catalog = BuiltInPriceCatalog.Load().Entries.ToDictionary(e => e.Id!, StringComparer.Ordinal);
        var priced = 0;
        foreach (var model in source.RootElement.EnumerateObject())
        {
            // Counted here without the parser under test: an object whose mode is priced and which has a
            // numeric input or output price per token.
            if (model.Value.ValueKind != JsonValueKind.Object
                || !model.Value.TryGetProperty("mode", out var mode) || !PricedModes.Contains(mode.GetString())
                || !RateFields[..2].Any(field => Rate(model.Value, field) is not null))
            {
                continue;
            }

            priced++;
            Assert.True(catalog.TryGetValue(model.Name, out var entry), $"{model.Name} is missing");
            Assert.Equal(Rate(model.Value, "input_cost_per_token"), entry.InputPerToken);
            Assert.Equal(Rate(model.Value, "output_cost_per_token"), entry.OutputPerToken);
            Assert.Equal(
                Rate(model.Value, "cache_read_input_token_cost") ?? Rate(model.Value, "input_cost_per_token_cache_hit"),
                entry.CacheReadPerToken);
            Assert.Equal(Rate(model.Value, "cache_creation_input_token_cost"), entry.CacheWritePerToken);
            Assert.Equal(Rate(model.Value, "output_cost_per_reasoning_token"), entry.ReasoningPerToken);
        }

        Assert.True(priced > 2_000, $"only {priced} priced entries in the source");
        Assert.True(catalog.Count >= priced);
    }

    [SourcePriceFileFact]
    public void Load_EmbeddedCatalog_DerivedFromTheSourceFileBesideTheRepository()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(SourcePriceFile.Path!)));

        Assert.Equal(hash, BuiltInPriceCatalog.Load().SourceSha256);
    }

    [SourcePriceFileFact]
    public void Load_EmbeddedCatalog_EqualsAFreshConversionOfTheSource()
    {
        var embedded = BuiltInPriceCatalog.Load();
        var fresh = new PriceCatalogDocument
        {
            Source = embedded.Source,
            SourceCommit = embedded.SourceCommit,
            SourceSha256 = embedded.SourceSha256,
            Snapshot = embedded.Snapshot,
            License = embedded.License,
            Entries = LiteLlmPriceParser.Parse(
                "litellm-model-prices.json", File.ReadAllText(SourcePriceFile.Path!), PriceEntry.BuiltInSource),
        };

        Assert.Equal(PriceCatalogWriter.Write(embedded), PriceCatalogWriter.Write(fresh));
    }

    [SourcePriceFileFact]
    public void Catalog_SpotChecks_PricesEqualTheSourceFile()
    {
        using var source = JsonDocument.Parse(File.ReadAllText(SourcePriceFile.Path!));
        foreach (var id in new[] { "gpt-4o", "claude-sonnet-4-5", "text-embedding-3-small", "gemini-2.5-pro" })
        {
            var model = source.RootElement.GetProperty(id);
            var entry = BuiltInPriceCatalog.Catalog.Match(null, id, null, DateTime.UtcNow)!;

            Assert.Equal(Rate(model, "input_cost_per_token"), entry.InputPerToken);
            Assert.Equal(Rate(model, "output_cost_per_token"), entry.OutputPerToken);
            Assert.Equal(Rate(model, "cache_read_input_token_cost"), entry.CacheReadPerToken);
            Assert.Equal(Rate(model, "cache_creation_input_token_cost"), entry.CacheWritePerToken);
            Assert.Equal(model.GetProperty("max_input_tokens").GetInt64(), entry.ContextWindow);
            var tier = entry.TierFor(200_001);
            Assert.Equal(Rate(model, "input_cost_per_token_above_200k_tokens"), tier?.InputPerToken);
            Assert.Equal(Rate(model, "output_cost_per_token_above_200k_tokens"), tier?.OutputPerToken);
        }
    }

    private static decimal? Rate(JsonElement model, string field) =>
        model.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
            ? decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
}

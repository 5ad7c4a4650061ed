using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

public sealed class LiteLlmPriceParserTests
{
    private static IReadOnlyList<PriceEntry> Parse(string json, bool assumeChat = false) =>
        LiteLlmPriceParser.Parse("prices.json", json, PriceEntry.BuiltInSource, assumeChat);

    private static PriceEntry Single(string json) => Assert.Single(Parse(json));

    private static PriceFileException Invalid(string json) =>
        Assert.Throws<PriceFileException>(() => Parse(json));

    [Fact]
    public void Parse_FileDescriptionsUnpricedModesAndUnpricedEntries_Skipped()
    {
        var entries = Parse("""
            {
              "sample_spec": { "mode": "one of: chat, embedding", "input_cost_per_token": 0.0, "max_input_tokens": "text" },
              "last_updated": "2026-07-24T18:23:43+00:00",
              "fallback_generalizations": { "rules": [ { "pattern": "^x" } ] },
              "a-chat": { "mode": "chat", "input_cost_per_token": 1e-06 },
              "a-completion": { "mode": "completion", "output_cost_per_token": 1e-06 },
              "a-responses": { "mode": "responses", "input_cost_per_token": 1e-06 },
              "an-embedding": { "mode": "embedding", "input_cost_per_token": 1e-08 },
              "an-image": { "mode": "image_generation", "input_cost_per_token": "not checked" },
              "per-second": { "mode": "chat", "input_cost_per_second": 0.001 },
              "no-mode": { "input_cost_per_token": 1e-06 },
              "null-price": { "mode": "chat", "input_cost_per_token": null },
              "a-number": 3
            }
            """);

        Assert.Equal(["a-chat", "a-completion", "a-responses", "an-embedding"], entries.Select(e => e.Id));
        Assert.All(entries, entry => Assert.Equal(PriceEntry.BuiltInSource, entry.Source));
    }

    [Fact]
    public void Parse_ScientificNotation_ExactDecimals()
    {
        var entry = Single("""
            { "m": { "mode": "chat", "litellm_provider": "openai", "input_cost_per_token": 2.5e-06,
                     "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25E-06,
                     "cache_creation_input_token_cost": 3.75e-06, "output_cost_per_reasoning_token": 0.0000035 } }
            """);

        Assert.Equal("openai", entry.Provider);
        Assert.Equal("chat", entry.Mode);
        Assert.Equal(0.0000025m, entry.InputPerToken);
        Assert.Equal(0.00001m, entry.OutputPerToken);
        Assert.Equal(0.00000125m, entry.CacheReadPerToken);
        Assert.Equal(0.00000375m, entry.CacheWritePerToken);
        Assert.Equal(0.0000035m, entry.ReasoningPerToken);
        Assert.Null(entry.EffectiveFrom);
    }

    [Fact]
    public void Parse_CacheHitPrice_UsedAsCacheReadWhenNoCacheReadPrice() =>
        Assert.Equal(1.4e-08m, Single("""
            { "m": { "mode": "chat", "input_cost_per_token": 1.4e-07, "input_cost_per_token_cache_hit": 1.4e-08 } }
            """).CacheReadPerToken);

    [Fact]
    public void Parse_ContextWindow_FromMaxInputTokensOnly()
    {
        var entries = Parse("""
            { "a": { "mode": "chat", "input_cost_per_token": 1e-06, "max_input_tokens": 2000000.0,
                     "max_output_tokens": 30000, "max_tokens": 30000 },
              "b": { "mode": "chat", "input_cost_per_token": 1e-06, "max_tokens": 4096, "max_input_tokens": null } }
            """);

        Assert.Equal((2_000_000L, 30_000L), (entries[0].ContextWindow, entries[0].MaxOutputTokens));
        Assert.Null(entries[1].ContextWindow);
    }

    [Fact]
    public void Parse_AboveThresholdKeys_BecomeTiersByThreshold()
    {
        var entry = Single("""
            { "m": { "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
                     "input_cost_per_token_above_272k_tokens": 4e-06, "output_cost_per_token_above_272k_tokens": 8e-06,
                     "input_cost_per_token_above_128k_tokens": 2e-06,
                     "cache_read_input_token_cost_above_200k_tokens": 3e-07,
                     "cache_creation_input_token_cost_above_200k_tokens": 5e-06,
                     "output_cost_per_reasoning_token_above_256k_tokens": 9e-06,
                     "input_cost_per_token_above_200k_tokens_priority": 1.0,
                     "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.0 } }
            """);

        Assert.Equal([128_000L, 200_000L, 256_000L, 272_000L], entry.Tiers.Select(t => t.AboveInputTokens));
        Assert.Equal(new PriceTier { AboveInputTokens = 128_000, InputPerToken = 0.000002m }, entry.Tiers[0]);
        Assert.Equal(
            new PriceTier { AboveInputTokens = 200_000, CacheReadPerToken = 0.0000003m, CacheWritePerToken = 0.000005m },
            entry.Tiers[1]);
        Assert.Equal(new PriceTier { AboveInputTokens = 256_000, ReasoningPerToken = 0.000009m }, entry.Tiers[2]);
        Assert.Equal(
            new PriceTier { AboveInputTokens = 272_000, InputPerToken = 0.000004m, OutputPerToken = 0.000008m },
            entry.Tiers[3]);
    }

    [Fact]
    public void Parse_TieredPricing_FirstRangeIsBaseOthersAreTiers()
    {
        var entry = Single("""
            { "m": { "mode": "chat", "tiered_pricing": [
                { "range": [32000.0, 128000.0], "input_cost_per_token": 2.4e-06, "output_cost_per_token": 1.2e-05 },
                { "range": [0, 32000.0], "input_cost_per_token": 1.2e-06, "output_cost_per_token": 6e-06,
                  "cache_read_input_token_cost": 2.4e-07, "output_cost_per_reasoning_token": 8e-06 } ] } }
            """);

        Assert.Equal((0.0000012m, 0.000006m), (entry.InputPerToken, entry.OutputPerToken));
        Assert.Equal((0.00000024m, 0.000008m), (entry.CacheReadPerToken, entry.ReasoningPerToken));
        var tier = Assert.Single(entry.Tiers);
        Assert.Equal(
            new PriceTier { AboveInputTokens = 32_000, InputPerToken = 0.0000024m, OutputPerToken = 0.000012m }, tier);
    }

    [Fact]
    public void Parse_NoModeInAUserFile_AssumedChat() =>
        Assert.Equal(PriceModes.Chat, Assert.Single(Parse("""{ "m": { "input_cost_per_token": 1e-06 } }""", assumeChat: true)).Mode);

    [Fact]
    public void Parse_PriceNotANumber_NamesFileEntryAndField() =>
        Assert.Equal(
            "prices.json: entry 'gpt-x': input_cost_per_token is not a number: 'abc'",
            Assert.Single(Invalid("""{ "gpt-x": { "mode": "chat", "input_cost_per_token": "abc" } }""").Errors));

    [Fact]
    public void Parse_SeveralBadEntries_EveryProblemReported()
    {
        var error = Invalid("""
            { "a": { "mode": "chat", "input_cost_per_token": -1e-06 },
              "b": { "mode": "chat", "input_cost_per_token": 1e-06, "max_input_tokens": "lots" },
              "c": { "mode": "chat", "output_cost_per_token": true },
              "d": { "mode": "chat", "input_cost_per_token": 1e-06, "input_cost_per_token_above_200k_tokens": "x" },
              "e": { "mode": "chat", "tiered_pricing": [ { "range": "all", "input_cost_per_token": 1e-06 } ] } }
            """);

        Assert.Equal("prices.json", error.FileName);
        Assert.Equal(
            [
                "prices.json: entry 'a': input_cost_per_token is negative: -1e-06",
                "prices.json: entry 'b': max_input_tokens is not a whole non-negative number: 'lots'",
                "prices.json: entry 'c': output_cost_per_token is not a number: true",
                "prices.json: entry 'd': input_cost_per_token_above_200k_tokens is not a number: 'x'",
                "prices.json: entry 'e': tiered_pricing[0].range is not [from, to] with a whole number of tokens as from",
                "prices.json: entry 'e': tiered_pricing has no range starting at 0 tokens",
            ],
            error.Errors);
        Assert.Contains("entry 'c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_NamesTheFile() =>
        Assert.StartsWith("prices.json: not valid JSON: ", Assert.Single(Invalid("""{ "m": { "mode": """).Errors), StringComparison.Ordinal);

    [Fact]
    public void Parse_TopLevelNotAnObject_NamesTheFile() =>
        Assert.Equal(
            "prices.json: the top level must be an object keyed by model id",
            Assert.Single(Invalid("[1, 2]").Errors));
}

using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

public sealed class UserPriceFileParserTests
{
    private static IReadOnlyList<PriceEntry> Parse(string json) => UserPriceFileParser.ParseJson("prices.json", json);

    private static IReadOnlyList<string> Errors(string json) =>
        Assert.Throws<PriceFileException>(() => Parse(json)).Errors;

    [Fact]
    public void ParseJson_OwnFormat_PerMillionPricesConvertedExactly()
    {
        var entry = Assert.Single(Parse("""
            { "models": [ { "id": "my-model", "provider": "openai", "mode": "chat", "inputPerMillion": 2.5,
                            "outputPerMillion": 10, "cacheReadPerMillion": 0.075, "cacheWritePerMillion": "3.75",
                            "reasoningPerMillion": 1e1, "contextWindow": 128000, "maxOutputTokens": 16384,
                            "effectiveFrom": "2026-01-01",
                            "tiers": [ { "aboveInputTokens": 200000, "inputPerMillion": 5, "outputPerMillion": 20 } ] } ] }
            """));

        Assert.Equal("my-model", entry.Id);
        Assert.Null(entry.Pattern);
        Assert.Equal(("openai", "chat"), (entry.Provider, entry.Mode));
        Assert.Equal(0.0000025m, entry.InputPerToken);
        Assert.Equal(0.00001m, entry.OutputPerToken);
        Assert.Equal(0.000000075m, entry.CacheReadPerToken);
        Assert.Equal(0.00000375m, entry.CacheWritePerToken);
        Assert.Equal(0.00001m, entry.ReasoningPerToken);
        Assert.Equal((128_000L, 16_384L), (entry.ContextWindow, entry.MaxOutputTokens));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), entry.EffectiveFrom);
        Assert.Equal(DateTimeKind.Utc, entry.EffectiveFrom!.Value.Kind);
        Assert.Equal("prices.json", entry.Source);
        Assert.Equal(
            new PriceTier { AboveInputTokens = 200_000, InputPerToken = 0.000005m, OutputPerToken = 0.00002m },
            Assert.Single(entry.Tiers));
    }

    [Theory]
    [InlineData("2026-01-01T12:30:00Z", 12)]
    [InlineData("2026-01-01T12:30:00+02:00", 10)]
    [InlineData("2026-01-01T12:30:00", 12)]
    [InlineData("2026-01-01T12:30:00.5Z", 12)]
    public void ParseJson_EffectiveFromWithTime_ConvertedToUtc(string effectiveFrom, int utcHour)
    {
        var entry = Assert.Single(Parse($$"""
            { "models": [ { "pattern": "^x", "outputPerMillion": 1, "effectiveFrom": "{{effectiveFrom}}" } ] }
            """));

        Assert.Equal(utcHour, entry.EffectiveFrom!.Value.Hour);
        Assert.Equal(30, entry.EffectiveFrom.Value.Minute);
        Assert.Equal(DateTimeKind.Utc, entry.EffectiveFrom.Value.Kind);
        Assert.Equal("^x", entry.Pattern);
    }

    [Fact]
    public void ParseJson_LiteLlmFormat_AcceptedAsItIs()
    {
        var entries = Parse("""
            { "my-finetune": { "input_cost_per_token": 3e-06, "output_cost_per_token": 1.2e-05 },
              "my-embedder": { "mode": "embedding", "input_cost_per_token": 1e-08, "litellm_provider": "openai" } }
            """);

        Assert.Equal(["my-finetune", "my-embedder"], entries.Select(e => e.Id));
        Assert.Equal((PriceModes.Chat, 0.000003m), (entries[0].Mode, entries[0].InputPerToken));
        Assert.All(entries, entry => Assert.Equal("prices.json", entry.Source));
    }

    [Fact]
    public void ParseJson_LiteLlmFormatWithBadPrice_NamesFileEntryAndField() =>
        Assert.Equal(
            ["prices.json: entry 'gpt-x': input_cost_per_token is not a number: 'abc'"],
            Errors("""{ "gpt-x": { "input_cost_per_token": "abc" } }"""));

    [Fact]
    public void ParseJson_NegativePrice_NamesFileEntryAndField() =>
        Assert.Equal(
            ["prices.json: models[0] 'my-model': inputPerMillion is negative: -1"],
            Errors("""{ "models": [ { "id": "my-model", "inputPerMillion": -1, "outputPerMillion": 1 } ] }"""));

    [Fact]
    public void ParseJson_ManyBadEntries_EveryProblemReported()
    {
        var errors = Errors("""
            { "models": [
                { "id": "ok", "inputPerMillion": 1 },
                { "id": "both", "pattern": "^b", "inputPerMillion": 1 },
                { "pattern": "^(unclosed", "inputPerMillion": 1 },
                { "id": "dated", "inputPerMillion": 1, "effectiveFrom": "next tuesday" },
                { "id": "typo", "inputPerMilion": 1 },
                { "inputPerMillion": 1 },
                { "id": "text", "inputPerMillion": "cheap", "contextWindow": 1.5, "mode": "image" },
                { "id": "tiered", "inputPerMillion": 1, "tiers": [ { "inputPerMillion": 2 }, { "aboveInputTokens": 0 } ] },
                { "id": "OK", "inputPerMillion": 2 },
                "not an object"
            ] }
            """);

        Assert.Equal(
            [
                "prices.json: models[1] 'both': has both id and pattern; give one",
                "prices.json: models[3] 'dated': effectiveFrom is not a date (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ): 'next tuesday'",
                "prices.json: models[4] 'typo': unknown field 'inputPerMilion'",
                "prices.json: models[4] 'typo': needs inputPerMillion or outputPerMillion",
                "prices.json: models[5]: needs an id or a pattern",
                "prices.json: models[6] 'text': mode must be chat, completion, responses or embedding, was 'image'",
                "prices.json: models[6] 'text': inputPerMillion is not a number: 'cheap'",
                "prices.json: models[6] 'text': contextWindow is not a whole non-negative number: 1.5",
                "prices.json: models[7] 'tiered': tiers[0].aboveInputTokens is missing",
                "prices.json: models[7] 'tiered': tiers[1].aboveInputTokens must be above 0: the base prices cover the first tokens",
                "prices.json: models[8] 'OK': same id or pattern, provider and effectiveFrom as models[0]",
                "prices.json: models[9]: must be an object",
            ],
            errors.Where(e => !e.Contains("regular expression", StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.StartsWith(
            "prices.json: models[2] '^(unclosed': pattern is not a valid regular expression: ", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseJson_SameIdWithDifferentDates_BothKept() =>
        Assert.Equal(2, Parse("""
            { "models": [ { "id": "m", "inputPerMillion": 1 },
                          { "id": "m", "inputPerMillion": 2, "effectiveFrom": "2026-06-01" } ] }
            """).Count);

    [Theory]
    [InlineData("""{ "models": { "id": "m" } }""", "prices.json: expected { \"models\": [ ... ] } or LiteLLM's format (an object keyed by model id)")]
    [InlineData("""[ { "id": "m" } ]""", "prices.json: expected { \"models\": [ ... ] } or LiteLLM's format (an object keyed by model id)")]
    [InlineData("""{ "models": [], "defaults": {} }""", "prices.json: unknown top-level field 'defaults'")]
    public void ParseJson_WrongShape_NamesTheFile(string json, string expected) =>
        Assert.Equal([expected], Errors(json));

    [Fact]
    public void ParseJson_MalformedJson_NamesTheFile() =>
        Assert.StartsWith("prices.json: not valid JSON: ", Assert.Single(Errors("{ \"models\": [ ")), StringComparison.Ordinal);

    [Fact]
    public void ParseJson_CommentsAndTrailingCommas_Accepted() =>
        Assert.Single(Parse("""
            { // negotiated with the vendor
              "models": [ { "id": "m", "inputPerMillion": 1, }, ], }
            """));
}

using CostWatch.Core.Pricing;
using CostWatch.Worker.Pricing;

namespace CostWatch.Worker.Tests.Pricing;

/// <summary>User price files in YAML and JSON, CostWatch's format and LiteLLM's, read through one reader.</summary>
public sealed class UserPriceFileTests
{
    private const string OwnFormatJson = """
        { "models": [
          { "id": "my-model", "provider": "openai", "mode": "chat", "inputPerMillion": 2.5, "outputPerMillion": 10,
            "cacheReadPerMillion": 0.25, "cacheWritePerMillion": "3.75", "reasoningPerMillion": 12,
            "contextWindow": 128000, "maxOutputTokens": 16384, "effectiveFrom": "2026-01-01",
            "tiers": [ { "aboveInputTokens": 200000, "inputPerMillion": 5, "outputPerMillion": 20 } ] },
          { "pattern": "^ft:gpt-4o.*$", "inputPerMillion": 3.75, "outputPerMillion": 15 }
        ] }
        """;

    private const string OwnFormatYaml = """
        # Negotiated prices, per million tokens.
        models:
          - id: my-model
            provider: openai
            mode: chat
            inputPerMillion: 2.5
            outputPerMillion: 10
            cacheReadPerMillion: .25
            cacheWritePerMillion: "3.75"
            reasoningPerMillion: 1.2e1
            contextWindow: 128000
            maxOutputTokens: 16384
            effectiveFrom: 2026-01-01
            tiers:
              - { aboveInputTokens: 200000, inputPerMillion: 5, outputPerMillion: 20 }
          - pattern: '^ft:gpt-4o.*$'
            inputPerMillion: 3.75
            outputPerMillion: 15
        """;

    private static IReadOnlyList<string> Errors(string fileName, string text) =>
        Assert.Throws<PriceFileException>(() => UserPriceFile.Parse(fileName, text)).Errors;

    private static string Describe(PriceEntry e) =>
        $"{e.Id}|{e.Pattern}|{e.Provider}|{e.Mode}|{e.InputPerToken}|{e.OutputPerToken}|{e.CacheReadPerToken}|"
        + $"{e.CacheWritePerToken}|{e.ReasoningPerToken}|{e.ContextWindow}|{e.MaxOutputTokens}|{e.EffectiveFrom:o}|"
        + string.Join(",", e.Tiers.Select(t => $"{t.AboveInputTokens}:{t.InputPerToken}:{t.OutputPerToken}"));

    [Fact]
    public void Yaml_OwnFormat_GivesTheSameEntriesAsTheSameJson()
    {
        var fromYaml = UserPriceFile.Parse("prices.yaml", OwnFormatYaml);
        var fromJson = UserPriceFile.Parse("prices.json", OwnFormatJson);

        Assert.Equal(fromJson.Select(Describe), fromYaml.Select(Describe));
        Assert.Equal(0.0000025m, fromYaml[0].InputPerToken);
        Assert.Equal(0.00000025m, fromYaml[0].CacheReadPerToken);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), fromYaml[0].EffectiveFrom);
        Assert.All(fromYaml, entry => Assert.Equal("prices.yaml", entry.Source));
    }

    [Theory]
    [InlineData("prices.yml")]
    [InlineData("PRICES.YAML")]
    public void Yaml_EitherExtensionInAnyCase_IsYaml(string fileName) =>
        Assert.Equal(2, UserPriceFile.Parse(fileName, OwnFormatYaml).Count);

    [Fact]
    public void Yaml_LiteLlmFormat_AcceptedAsItIs()
    {
        var entries = UserPriceFile.Parse("litellm.yaml", """
            my-finetune:
              input_cost_per_token: 3e-06
              output_cost_per_token: 1.2e-05
              input_cost_per_token_above_200k_tokens: 6e-06
            my-embedder: { mode: embedding, input_cost_per_token: 1e-08, litellm_provider: openai }
            """);

        Assert.Equal(["my-finetune", "my-embedder"], entries.Select(e => e.Id));
        Assert.Equal((0.000003m, 0.000012m), (entries[0].InputPerToken, entries[0].OutputPerToken));
        Assert.Equal(0.000006m, Assert.Single(entries[0].Tiers).InputPerToken);
        Assert.Equal((PriceModes.Embedding, 0.00000001m), (entries[1].Mode, entries[1].InputPerToken));
    }

    [Fact]
    public void Json_LiteLlmFormat_AcceptedAsItIs() =>
        Assert.Equal(0.000003m, Assert.Single(UserPriceFile.Parse("litellm.json",
            """{ "my-finetune": { "input_cost_per_token": 3e-06, "output_cost_per_token": 1.2e-05 } }""")).InputPerToken);

    [Fact]
    public void Yaml_BadEntries_ErrorsNameFileEntryAndField_InTheJsonReadersWords()
    {
        var errors = Errors("team-prices.yaml", """
            models:
              - id: ok
                inputPerMillion: 1
              - id: cheap
                inputPerMillion: cheap
              - id: negative
                outputPerMillion: -2
              - id: typo
                inputPerMilion: 1
              - pattern: '^(unclosed'
                inputPerMillion: 1
              - id: dated
                inputPerMillion: 1
                effectiveFrom: next tuesday
              - id: 1234
                inputPerMillion: 1
            """);

        Assert.Equal(
        [
            "team-prices.yaml: models[1] 'cheap': inputPerMillion is not a number: 'cheap'",
            "team-prices.yaml: models[2] 'negative': outputPerMillion is negative: -2",
            "team-prices.yaml: models[3] 'typo': unknown field 'inputPerMilion'",
            "team-prices.yaml: models[3] 'typo': needs inputPerMillion or outputPerMillion",
            "team-prices.yaml: models[5] 'dated': effectiveFrom is not a date (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ): 'next tuesday'",
            "team-prices.yaml: models[6]: id must be a non-empty string, was 1234",
        ], errors.Where(e => !e.Contains("regular expression", StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.StartsWith(
            "team-prices.yaml: models[4] '^(unclosed': pattern is not a valid regular expression: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_QuotedNumber_IsTextThatStillReadsAsAPrice_QuotedIdStaysText()
    {
        var entry = Assert.Single(UserPriceFile.Parse("prices.yaml", """
            models:
              - id: "1234"
                inputPerMillion: '0.5'
            """));

        Assert.Equal(("1234", 0.0000005m), (entry.Id, entry.InputPerToken));
    }

    [Fact]
    public void Yaml_SyntaxError_NamesFileLineAndColumn()
    {
        var error = Assert.Single(Errors("prices.yaml", """
            models:
              - id: a
                inputPerMillion: [1, 2
            """));

        Assert.Equal(
            "prices.yaml: not valid YAML at line 4, column 1: While parsing a flow sequence, did not find expected ',' or ']'.",
            error);
    }

    [Fact]
    public void Yaml_DuplicateKey_IsAnError()
    {
        var errors = Errors("prices.yaml", """
            models:
              - id: a
                inputPerMillion: 1
                inputPerMillion: 2
            """);

        Assert.Equal(["prices.yaml: line 4: duplicate key 'inputPerMillion'"], errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Yaml_EmptyFile_IsAnError(string yaml) =>
        Assert.Equal(["prices.yaml: the file is empty; expected models: [ ... ] or LiteLLM's format"], Errors("prices.yaml", yaml));

    [Fact]
    public void Yaml_TwoDocuments_IsAnError() =>
        Assert.Equal(["prices.yaml: line 2: a second YAML document (---); a price file holds one"],
            Errors("prices.yaml", "models: []\n---\nmodels: []\n"));

    [Fact]
    public void Yaml_AnchorsAndAliases_ShareValues()
    {
        var entries = UserPriceFile.Parse("prices.yaml", """
            models:
              - id: a
                inputPerMillion: 1
                tiers: &long_context
                  - { aboveInputTokens: 200000, inputPerMillion: 2 }
              - id: b
                inputPerMillion: 1
                tiers: *long_context
            """);

        Assert.All(entries, entry => Assert.Equal(200_000, Assert.Single(entry.Tiers).AboveInputTokens));
    }

    [Fact]
    public void Yaml_AliasBomb_IsRefusedInsteadOfExpanded()
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [" + string.Join(",", Enumerable.Repeat("\"" + new string('x', 50) + "\"", 10)) + "]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var error = Assert.Single(Errors("bomb.yaml", yaml.ToString()));

        Assert.Contains("aliases expand the file beyond", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_UnknownAlias_IsASyntaxError() =>
        Assert.StartsWith("prices.yaml: not valid YAML at line 2",
            Assert.Single(Errors("prices.yaml", "models:\n  - *nowhere\n")), StringComparison.Ordinal);

    [Fact]
    public void Yaml_ValueThatIsNotAnEntry_NamesTheEntry() =>
        Assert.Equal(["prices.yaml: models[0]: must be an object"], Errors("prices.yaml", "models:\n  - just text\n"));

    [Fact]
    public void UnknownExtension_IsAnError() =>
        Assert.Equal(["prices.txt: the name must end in .json, .yaml or .yml, which says how to read it"],
            Errors("prices.txt", "{}"));
}

using System.Globalization;
using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

public sealed class PriceCatalogMatchTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    private static PriceEntry BuiltIn(string id, decimal input, string? provider = null) =>
        new() { Id = id, Provider = provider, InputPerToken = input, Source = PriceEntry.BuiltInSource };

    private static PriceEntry User(
        string? id, decimal input, string? effectiveFrom = null, string? provider = null, string? pattern = null) => new()
        {
            Id = id,
            Pattern = pattern,
            Provider = provider,
            InputPerToken = input,
            EffectiveFrom = effectiveFrom is null ? null : DateTime.SpecifyKind(DateTime.Parse(effectiveFrom, CultureInfo.InvariantCulture), DateTimeKind.Utc),
            Source = "user.json",
        };

    private static decimal? InputRate(PriceCatalog catalog, string model, DateTime at, string? provider = null) =>
        catalog.Match(provider, model, null, at)?.InputPerToken;

    [Fact]
    public void Match_SeveralEffectiveDates_LatestInForceAtTheCallsStart()
    {
        var catalog = new PriceCatalog(
            [BuiltIn("m", 1m)],
            [User("m", 30m, "2026-03-01"), User("m", 10m, "2026-01-01"), User("m", 20m, "2026-02-01")]);

        Assert.Equal(1m, InputRate(catalog, "m", new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc)));
        Assert.Equal(10m, InputRate(catalog, "m", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(20m, InputRate(catalog, "m", new DateTime(2026, 2, 15, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(30m, InputRate(catalog, "m", Now));
    }

    [Fact]
    public void Match_UndatedAndDatedUserEntries_UndatedAppliesBeforeTheDate()
    {
        var catalog = new PriceCatalog([], [User("m", 2m, "2026-06-01"), User("m", 1m)]);

        Assert.Equal(1m, InputRate(catalog, "m", Now));
        Assert.Equal(2m, InputRate(catalog, "m", new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Match_UserAndBuiltInForSameId_UserWins()
    {
        var catalog = new PriceCatalog([BuiltIn("gpt-4o", 1m)], [User("GPT-4o", 2m)]);

        var entry = catalog.Match(null, "gpt-4o", null, Now);

        Assert.Equal("user.json", entry?.Source);
    }

    [Fact]
    public void Match_BuiltInKnowsTheExactSnapshot_UserEntryForTheModelStillWins()
    {
        var catalog = new PriceCatalog([BuiltIn("gpt-4o-2024-08-06", 1m)], [User("gpt-4o", 2m)]);

        Assert.Equal(2m, InputRate(catalog, "gpt-4o-2024-08-06", Now));
    }

    [Fact]
    public void Match_UserPatternOnExactForm_BeatsUserIdOnNormalisedForm()
    {
        var catalog = new PriceCatalog([], [User("gpt-4o", 1m), User(null, 2m, pattern: "^gpt-4o-2024-.*$")]);

        Assert.Equal(2m, InputRate(catalog, "gpt-4o-2024-08-06", Now));
        Assert.Equal(1m, InputRate(catalog, "gpt-4o", Now));
    }

    [Fact]
    public void Match_UserPattern_IgnoresCase()
    {
        var catalog = new PriceCatalog([], [User(null, 2m, pattern: "^FT:GPT-4O")]);

        Assert.Equal(2m, InputRate(catalog, "ft:gpt-4o:acme:x", Now));
    }

    [Fact]
    public void Match_ProviderRestrictedUserEntry_OnlyForThatProvider()
    {
        var catalog = new PriceCatalog([BuiltIn("m", 1m)], [User("m", 2m, provider: "bedrock")]);

        Assert.Equal(2m, InputRate(catalog, "m", Now, provider: "aws.bedrock"));
        Assert.Equal(2m, InputRate(catalog, "m", Now, provider: "bedrock_converse"));
        Assert.Equal(1m, InputRate(catalog, "m", Now, provider: "openai"));
        Assert.Equal(1m, InputRate(catalog, "m", Now, provider: null));
    }

    [Fact]
    public void Match_BuiltInEntryOfAnotherProvider_StillMatches() =>
        Assert.Equal(1m, InputRate(new PriceCatalog([BuiltIn("m", 1m, "anthropic")], []), "m", Now, "aws.bedrock"));

    [Fact]
    public void Match_GeminiProvider_PrefersGeminiKeyOverVertexKey()
    {
        var catalog = new PriceCatalog(
            [BuiltIn("gemini-2.5-pro", 1m, "vertex_ai-language-models"), BuiltIn("gemini/gemini-2.5-pro", 2m, "gemini")],
            []);

        Assert.Equal(2m, InputRate(catalog, "gemini-2.5-pro", Now, "gcp.gemini"));
        Assert.Equal(1m, InputRate(catalog, "gemini-2.5-pro", Now, "gcp.vertex_ai"));
    }

    [Fact]
    public void Match_NoModel_Null() =>
        Assert.Null(new PriceCatalog([BuiltIn("m", 1m)], []).Match("openai", null, " ", Now));

    [Fact]
    public void Match_SameIdAndDateTwice_FirstGivenWins()
    {
        var catalog = new PriceCatalog([], [User("m", 1m), User("m", 2m)]);

        Assert.Equal(1m, InputRate(catalog, "m", Now));
    }

    [Fact]
    public void WithUserEntries_ReplacesUserEntriesKeepsBuiltIn()
    {
        var first = new PriceCatalog([BuiltIn("a", 1m)], [User("b", 2m)]);

        var second = first.WithUserEntries([User("c", 3m)]);

        Assert.Equal(1m, InputRate(second, "a", Now));
        Assert.Null(second.Match(null, "b", null, Now));
        Assert.Equal(3m, InputRate(second, "c", Now));
        Assert.Equal(2m, InputRate(first, "b", Now));
    }

    [Fact]
    public void Constructor_EntryWithIdAndPattern_Rejected() =>
        Assert.Throws<ArgumentException>(() => new PriceCatalog([], [User("a", 1m, pattern: "^a$")]));
}

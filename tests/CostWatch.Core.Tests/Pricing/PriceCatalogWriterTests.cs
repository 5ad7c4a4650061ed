using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

public sealed class PriceCatalogWriterTests
{
    private static PriceCatalogDocument Document(params PriceEntry[] entries) => new()
    {
        Source = "test source",
        SourceCommit = "0123456789abcdef0123456789abcdef01234567",
        SourceSha256 = new string('a', 64),
        Snapshot = "2026-07-24T18:23:43.215560+00:00",
        License = "MIT",
        Entries = entries,
    };

    [Fact]
    public void Write_ThenRead_KeepsEveryField()
    {
        var entry = new PriceEntry
        {
            Id = "m",
            Provider = "openai",
            Mode = "chat",
            ContextWindow = 128_000,
            MaxOutputTokens = 16_384,
            InputPerToken = 0.0000025m,
            OutputPerToken = 0.00001m,
            CacheReadPerToken = 0.00000125m,
            CacheWritePerToken = 0.000003125m,
            ReasoningPerToken = 0.0000019999700000000004m,
            Tiers = [new PriceTier { AboveInputTokens = 200_000, InputPerToken = 0.000005m, CacheWritePerToken = 0m }],
            EffectiveFrom = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Source = PriceEntry.BuiltInSource,
        };
        var pattern = new PriceEntry { Pattern = "^ft:.*$", OutputPerToken = 1m, Source = PriceEntry.BuiltInSource };

        var read = PriceCatalogReader.Read("c.json", PriceCatalogWriter.Write(Document(entry, pattern)), "read");

        Assert.Equal(("test source", "0123456789abcdef0123456789abcdef01234567"), (read.Source, read.SourceCommit));
        Assert.Equal((new string('a', 64), "2026-07-24T18:23:43.215560+00:00", "MIT"), (read.SourceSha256, read.Snapshot, read.License));
        var back = read.Entries[1];
        Assert.Equal(("m", "openai", "chat", "read"), (back.Id, back.Provider, back.Mode, back.Source));
        Assert.Equal((128_000L, 16_384L), (back.ContextWindow, back.MaxOutputTokens));
        Assert.Equal(
            (entry.InputPerToken, entry.OutputPerToken, entry.CacheReadPerToken, entry.CacheWritePerToken, entry.ReasoningPerToken),
            (back.InputPerToken, back.OutputPerToken, back.CacheReadPerToken, back.CacheWritePerToken, back.ReasoningPerToken));
        Assert.Equal(entry.Tiers, back.Tiers);
        Assert.Equal(entry.EffectiveFrom, back.EffectiveFrom);
        Assert.Equal(DateTimeKind.Utc, back.EffectiveFrom!.Value.Kind);
        Assert.Equal("^ft:.*$", read.Entries[0].Pattern);
    }

    [Fact]
    public void Write_EntriesInAnyOrder_SameTextSortedById()
    {
        PriceEntry Entry(string id) => new() { Id = id, InputPerToken = 0.0000025000m, Source = "x" };

        var text = PriceCatalogWriter.Write(Document(Entry("b"), Entry("a"), Entry("B")));

        Assert.Equal(text, PriceCatalogWriter.Write(Document(Entry("a"), Entry("B"), Entry("b"))));
        Assert.EndsWith(
            """
            "entries":[
            {"id":"B","input":0.0000025},
            {"id":"a","input":0.0000025},
            {"id":"b","input":0.0000025}
            ]}

            """,
            text,
            StringComparison.Ordinal);
        Assert.Contains("\"snapshot\":\"2026-07-24T18:23:43.215560+00:00\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotACatalog_NamesTheFile() =>
        Assert.Equal(
            "c.json: not a CostWatch price catalog: no \"entries\" array",
            Assert.Throws<PriceFileException>(() => PriceCatalogReader.Read("c.json", "{}", "x")).Message);
}

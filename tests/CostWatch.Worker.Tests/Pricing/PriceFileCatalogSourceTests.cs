using CostWatch.Core.Pricing;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Pricing;

/// <summary>Loading the user's price files at start-up and reloading them on a fake clock.</summary>
public sealed class PriceFileCatalogSourceTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-prices-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));
    private readonly RecordingLogger<PriceFileCatalogSource> _logger = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string Write(string name, string text)
    {
        File.WriteAllText(PathOf(name), text);
        return PathOf(name);
    }

    private static string Yaml(string id, decimal inputPerMillion) =>
        $"models:\n  - id: {id}\n    inputPerMillion: {inputPerMillion}\n    outputPerMillion: 10\n";

    private PriceFileCatalogSource Source(params string[] files) => new(
        Options.Create(new PricingOptions { Files = [.. files], ReloadInterval = Interval }), _clock, _logger);

    private static decimal? InputPerToken(PriceCatalog catalog, string model) =>
        catalog.Match(null, model, null, Now)?.InputPerToken;

    private IEnumerable<(LogLevel Level, int Id, string Message)> Logged() =>
        _logger.Entries.Select(e => (e.Level, e.Event.Id, e.Message));

    [Fact]
    public void NoFiles_TheBuiltInCatalogAlone()
    {
        using var source = Source();

        Assert.Empty(source.StartupFailures);
        Assert.Same(BuiltInPriceCatalog.Catalog.BuiltInEntries, source.Current.BuiltInEntries);
        Assert.Empty(source.Current.UserEntries);
        Assert.Equal(PriceEntry.BuiltInSource, source.Current.Match("openai", "gpt-4o", null, Now)?.Source);
    }

    [Fact]
    public void YamlJsonAndLiteLlmFiles_AllLoad_AndUserEntriesWinOverBuiltInOnes()
    {
        var yaml = Write("team.yaml", Yaml("gpt-4o", 1.5m));
        var json = Write("own.json", """{ "models": [ { "id": "in-house-1", "inputPerMillion": 0.5 } ] }""");
        var litellm = Write("litellm.json", """{ "in-house-2": { "input_cost_per_token": 7e-07 } }""");

        using var source = Source(yaml, json, litellm);

        Assert.Empty(source.StartupFailures);
        Assert.Equal(0.0000015m, InputPerToken(source.Current, "gpt-4o"));
        Assert.Equal(yaml, source.Current.Match("openai", "gpt-4o", null, Now)!.Source);
        Assert.Equal(0.0000005m, InputPerToken(source.Current, "in-house-1"));
        Assert.Equal(0.0000007m, InputPerToken(source.Current, "in-house-2"));
        Assert.Contains((LogLevel.Information, 4000, "Loaded 3 price entries from 3 user price file(s); they win over the built-in catalog"), Logged());
    }

    [Fact]
    public void SameModelInTwoFiles_TheLaterFileWins()
    {
        var first = Write("base.yaml", Yaml("my-model", 1m));
        var second = Write("overrides.yaml", Yaml("my-model", 2m));

        using var source = Source(first, second);

        Assert.Equal((0.000002m, second), (InputPerToken(source.Current, "my-model"), source.Current.Match(null, "my-model", null, Now)!.Source));
    }

    [Fact]
    public void MissingFile_FailsTheStart_NamingKeyAndFile()
    {
        var valid = Write("valid.yaml", Yaml("m", 1m));
        var missing = PathOf("missing.yaml");

        using var source = Source(valid, missing);

        Assert.Equal([$"CostWatch:Pricing:Files:1: {missing}: file not found (looked for {missing})."], source.StartupFailures);
        Assert.Throws<InvalidOperationException>(() => source.Current);
    }

    [Fact]
    public void InvalidFiles_FailTheStart_NamingKeyFileEntryAndField()
    {
        var yaml = Write("bad.yaml", "models:\n  - id: m\n    inputPerMillion: lots\n");
        var json = Write("bad.json", """{ "models": [ { "id": "n", "outputPerMillion": -1 } ] }""");

        using var source = Source(yaml, json);

        Assert.Equal(
        [
            $"CostWatch:Pricing:Files:0: {yaml}: models[0] 'm': inputPerMillion is not a number: 'lots'",
            $"CostWatch:Pricing:Files:1: {json}: models[0] 'n': outputPerMillion is negative: -1",
        ], source.StartupFailures);
    }

    [Fact]
    public void FileNotUtf8_FailsTheStart()
    {
        var path = PathOf("latin1.yaml");
        File.WriteAllBytes(path, [.. "models: []\n# caf"u8, 0xE9, (byte)'\n']);

        using var source = Source(path);

        Assert.Equal([$"CostWatch:Pricing:Files:0: {path}: not UTF-8 text"], source.StartupFailures);
    }

    [Fact]
    public void FileWithByteOrderMark_Loads()
    {
        var path = PathOf("bom.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. """{ "models": [ { "id": "m", "inputPerMillion": 1 } ] }"""u8]);

        using var source = Source(path);

        Assert.Equal(0.000001m, InputPerToken(source.Current, "m"));
    }

    [Fact]
    public async Task ValidChange_TakesEffectAtTheNextCheck_AsANewCatalog()
    {
        var path = Write("prices.yaml", Yaml("my-model", 1m));
        using var source = Source(path);
        await source.StartAsync(default);
        var before = source.Current;

        Write("prices.yaml", Yaml("my-model", 3m) + "  - id: new-model\n    inputPerMillion: 4\n");
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Same(before, source.Current);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.NotSame(before, source.Current);
        Assert.Equal(0.000001m, InputPerToken(before, "my-model"));
        Assert.Equal(0.000003m, InputPerToken(source.Current, "my-model"));
        Assert.Equal(0.000004m, InputPerToken(source.Current, "new-model"));
        Assert.Contains((LogLevel.Information, 4001, $"Price file {path} changed: its 2 entries are now in force"), Logged());
        await source.StopAsync(default);
    }

    [Fact]
    public async Task UnchangedFile_KeepsTheSameCatalog()
    {
        var path = Write("prices.yaml", Yaml("my-model", 1m));
        using var source = Source(path);
        await source.StartAsync(default);
        var before = source.Current;

        Write("prices.yaml", Yaml("my-model", 1m));
        _clock.Advance(Interval * 3);

        Assert.Same(before, source.Current);
        Assert.DoesNotContain(Logged(), entry => entry.Id == 4001);
    }

    [Fact]
    public async Task InvalidChange_IsRejectedAndLoggedOnce_TheCatalogInForceStays_UntilTheFileIsFixed()
    {
        var path = Write("prices.yaml", Yaml("my-model", 1m));
        using var source = Source(path);
        await source.StartAsync(default);
        var before = source.Current;

        Write("prices.yaml", "models:\n  - id: my-model\n    inputPerMillion: 2\n    outputPerMillion: ten\n");
        _clock.Advance(Interval);
        _clock.Advance(Interval);

        Assert.Same(before, source.Current);
        var rejected = Assert.Single(Logged(), entry => entry.Id == 4002);
        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Equal(
            $"Price file {path} changed but was rejected (1 problem(s)); the prices in force stay:\n"
            + $"{path}: models[0] 'my-model': outputPerMillion is not a number: 'ten'",
            rejected.Message);

        Write("prices.yaml", Yaml("my-model", 2m));
        _clock.Advance(Interval);

        Assert.Equal(0.000002m, InputPerToken(source.Current, "my-model"));
    }

    [Fact]
    public async Task OneFileInvalid_AnotherValid_EachIsTakenOrRejectedOnItsOwn()
    {
        var good = Write("good.yaml", Yaml("good-model", 1m));
        var bad = Write("bad.yaml", Yaml("bad-model", 1m));
        using var source = Source(good, bad);
        await source.StartAsync(default);

        Write("good.yaml", Yaml("good-model", 2m));
        Write("bad.yaml", "models: [ {");
        _clock.Advance(Interval);

        Assert.Equal(0.000002m, InputPerToken(source.Current, "good-model"));
        Assert.Equal(0.000001m, InputPerToken(source.Current, "bad-model"));
        Assert.Single(Logged(), entry => entry.Id == 4002 && entry.Message.Contains(bad, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletedFile_IsLoggedOnce_AndItsPricesStay()
    {
        var path = Write("prices.yaml", Yaml("my-model", 1m));
        using var source = Source(path);
        await source.StartAsync(default);
        var before = source.Current;

        File.Delete(path);
        _clock.Advance(Interval);
        _clock.Advance(Interval);

        Assert.Same(before, source.Current);
        var unreadable = Assert.Single(Logged(), entry => entry.Id == 4003);
        Assert.StartsWith($"Price file {path} could not be read; the prices in force stay: ", unreadable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigMapStyleSymlinkSwap_IsSeen()
    {
        // Kubernetes mounts a ConfigMap as <dir>/prices.yaml -> ..data/prices.yaml, ..data -> ..<timestamp>, and
        // updates it by pointing ..data at a new directory: the file the path names is never written.
        Directory.CreateDirectory(PathOf("..v1"));
        File.WriteAllText(Path.Combine(PathOf("..v1"), "prices.yaml"), Yaml("my-model", 1m));
        Directory.CreateSymbolicLink(PathOf("..data"), "..v1");
        File.CreateSymbolicLink(PathOf("prices.yaml"), Path.Combine("..data", "prices.yaml"));
        using var source = Source(PathOf("prices.yaml"));
        await source.StartAsync(default);

        Directory.CreateDirectory(PathOf("..v2"));
        File.WriteAllText(Path.Combine(PathOf("..v2"), "prices.yaml"), Yaml("my-model", 5m));
        // The kubelet renames a new link over ..data; replacing it here is the same to a reader between checks.
        File.Delete(PathOf("..data"));
        Directory.CreateSymbolicLink(PathOf("..data"), "..v2");
        _clock.Advance(Interval);

        Assert.Equal(0.000005m, InputPerToken(source.Current, "my-model"));
    }

    [Fact]
    public async Task AfterStop_FilesAreNoLongerChecked()
    {
        var path = Write("prices.yaml", Yaml("my-model", 1m));
        using var source = Source(path);
        await source.StartAsync(default);
        await source.StopAsync(default);

        Write("prices.yaml", Yaml("my-model", 2m));
        _clock.Advance(Interval * 2);

        Assert.Equal(0.000001m, InputPerToken(source.Current, "my-model"));
    }
}

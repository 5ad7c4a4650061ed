using CostWatch.Core.Alerting.Rules;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>Loading the rules file at start-up and reloading it on a fake clock.</summary>
public sealed class AlertRulesFileSourceTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("costwatch-rules-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<AlertRulesFileSource> _logger = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string Write(string text, string name = "rules.yaml")
    {
        File.WriteAllText(PathOf(name), text);
        return PathOf(name);
    }

    private static string Rules(string threshold) =>
        $"evaluationInterval: 15s\nrules:\n  - {{ name: ToolCallFailureSpike, kind: tool_success_rate, window: 10m, threshold: {threshold} }}\n";

    private AlertRulesFileSource Source(string path) => new(
        Options.Create(new AlertingOptions { RulesFile = path, RulesReloadInterval = Interval }), _clock, _logger);

    private async Task<AlertRulesFileSource> StartedSource(string path)
    {
        var source = Source(path);
        await source.StartAsync(default);
        return source;
    }

    private IEnumerable<(LogLevel Level, int Id, string Message)> Logged() =>
        _logger.Entries.Select(e => (e.Level, e.Event.Id, e.Message));

    private static decimal Threshold(IAlertRulesSource source) => Assert.Single(source.Current.Rules).Threshold;

    [Fact]
    public void ValidFile_IsInForce_AndLogged()
    {
        var path = Write(Rules("0.9"));

        using var source = Source(path);

        Assert.Empty(source.StartupFailures);
        Assert.Equal((TimeSpan.FromSeconds(15), path, 0.9m), (source.Current.EvaluationInterval, source.Current.Source, Threshold(source)));
        Assert.Null(source.LastError);
        Assert.Contains((LogLevel.Information, 8000, $"Loaded 1 alert rules from {path}, evaluated every 00:00:15"), Logged());
    }

    [Fact]
    public void InvalidFile_FailsTheStart_NamingKeyFileRuleAndField()
    {
        var path = Write(Rules("1.5") + "  - { name: Lost, kind: trace_loss, threshold: 5 }\n");

        using var source = Source(path);

        Assert.Equal(
        [
            $"CostWatch:Alerting:RulesFile: {path}: rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5",
            $"CostWatch:Alerting:RulesFile: {path}: rule 'Lost': threshold: must be a duration with a unit (ms, s, m, h, d), such as 30s or 5m, got 5",
        ], source.StartupFailures);
        Assert.Throws<InvalidOperationException>(() => source.Current);
    }

    [Fact]
    public void MissingFile_FailsTheStart()
    {
        var path = PathOf("missing.yaml");

        using var source = Source(path);

        Assert.Equal([$"CostWatch:Alerting:RulesFile: {path}: file not found (looked for {path})."], source.StartupFailures);
    }

    [Fact]
    public void FileNotUtf8_FailsTheStart()
    {
        var path = PathOf("latin1.yaml");
        File.WriteAllBytes(path, [.. "rules: []\n# caf"u8, 0xE9, (byte)'\n']);

        using var source = Source(path);

        Assert.Equal([$"CostWatch:Alerting:RulesFile: {path}: not UTF-8 text"], source.StartupFailures);
    }

    [Fact]
    public async Task ValidEdit_IsInForceAtTheNextCheck_AsANewRuleSet()
    {
        var path = Write(Rules("0.9"));
        using var source = await StartedSource(path);
        var before = source.Current;

        Write(Rules("0.8"));
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Same(before, source.Current);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0.8m, Threshold(source));
        Assert.Equal(0.9m, Assert.Single(before.Rules).Threshold);
        Assert.Null(source.LastError);
        Assert.Contains((LogLevel.Information, 8001, $"Alert rules file {path} changed: its 1 rules are now in force"), Logged());
    }

    [Fact]
    public async Task UnchangedFile_KeepsTheSameRuleSet()
    {
        var path = Write(Rules("0.9"));
        using var source = await StartedSource(path);
        var before = source.Current;

        Write(Rules("0.9"));
        _clock.Advance(Interval * 3);

        Assert.Same(before, source.Current);
        Assert.DoesNotContain(Logged(), entry => entry.Id == 8001);
    }

    [Fact]
    public async Task InvalidEdit_KeepsTheRulesInForce_SetsLastError_LogsOnce_UntilFixed()
    {
        var path = Write(Rules("0.9"));
        using var source = await StartedSource(path);
        var before = source.Current;

        Write(Rules("1.5"));
        _clock.Advance(Interval);
        _clock.Advance(Interval);

        Assert.Same(before, source.Current);
        var error = $"{path}: rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5";
        Assert.Equal(error, source.LastError);
        var rejected = Assert.Single(Logged(), entry => entry.Id == 8002);
        Assert.Equal((LogLevel.Error, $"Alert rules file {path} changed but was rejected (1 problem(s)); the rules in force stay:\n{error}"),
            (rejected.Level, rejected.Message));

        // Another wrong edit is logged again; the fix puts it in force and clears the error.
        Write(Rules("2"));
        _clock.Advance(Interval);
        Assert.Equal(2, Logged().Count(entry => entry.Id == 8002));
        Assert.EndsWith("got 2", source.LastError);

        Write(Rules("0.7"));
        _clock.Advance(Interval);

        Assert.Equal(0.7m, Threshold(source));
        Assert.Null(source.LastError);
    }

    [Fact]
    public async Task InvalidEdit_RevertedToTheFileInForce_ClearsLastError()
    {
        var path = Write(Rules("0.9"));
        using var source = await StartedSource(path);
        var before = source.Current;

        Write("rules: [ {");
        _clock.Advance(Interval);
        Assert.StartsWith($"{path}: not valid YAML at line ", source.LastError);

        Write(Rules("0.9"));
        _clock.Advance(Interval);

        Assert.Same(before, source.Current);
        Assert.Null(source.LastError);
    }

    [Fact]
    public async Task DeletedFile_KeepsTheRulesInForce_SetsLastError_LogsOnce_UntilItIsBack()
    {
        var path = Write(Rules("0.9"));
        using var source = await StartedSource(path);
        var before = source.Current;

        File.Delete(path);
        _clock.Advance(Interval);
        _clock.Advance(Interval);

        Assert.Same(before, source.Current);
        Assert.Equal($"{path}: could not be read: file not found", source.LastError);
        var unreadable = Assert.Single(Logged(), entry => entry.Id == 8003);
        Assert.Equal((LogLevel.Error, $"Alert rules file {path} could not be read; the rules in force stay: file not found"),
            (unreadable.Level, unreadable.Message));

        Write(Rules("0.5"));
        _clock.Advance(Interval);

        Assert.Equal(0.5m, Threshold(source));
        Assert.Null(source.LastError);
    }

    [Fact]
    public async Task AfterStop_TheFileIsNoLongerChecked()
    {
        var path = Write(Rules("0.9"));
        using var source = await StartedSource(path);
        await source.StopAsync(default);

        Write(Rules("0.5"));
        _clock.Advance(Interval * 2);

        Assert.Equal(0.9m, Threshold(source));
    }

    [Fact]
    public void DefaultPath_FallsBackToTheCopyNextToTheBinary_WhenTheWorkingDirectoryHasNone()
    {
        // The tests run with the test binary's directory... or the repository as working directory; either way the
        // resolved file exists and is the shipped one.
        var resolved = AlertRulesFileSource.ResolvePath(AlertingOptions.DefaultRulesFile);

        Assert.True(File.Exists(resolved), resolved);
        Assert.EndsWith(Path.Combine("alert-rules", "costwatch-rules.yaml"), resolved, StringComparison.Ordinal);
        Assert.Equal(PathOf("mine.yaml"), AlertRulesFileSource.ResolvePath(PathOf("mine.yaml")));
    }
}

using CostWatch.Core.Alerting.Rules;
using CostWatch.Worker.Files;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Alerting;

/// <summary>
/// The rules file (<c>CostWatch:Alerting:RulesFile</c>), read at start-up, where an invalid file stops the start,
/// and every <see cref="AlertingOptions.RulesReloadInterval"/> after (see <see cref="PolledFileSource{T}"/>). A changed
/// file that is valid replaces the whole rule set at once; one that is not is logged, <see cref="LastError"/> says
/// why, and the rules in force stay.
/// </summary>
internal sealed class AlertRulesFileSource : PolledFileSource<AlertRuleSet>, IAlertRulesSource
{
    private readonly ILogger<AlertRulesFileSource> _logger;

    public AlertRulesFileSource(IOptions<AlertingOptions> options, TimeProvider time, ILogger<AlertRulesFileSource> logger)
        : base([Watch(ResolvePath(options.Value.RulesFile))], options.Value.RulesReloadInterval, time)
    {
        _logger = logger;
        if (Loaded)
        {
            var rules = Current;
            Log.AlertRulesLoaded(_logger, rules.Rules.Count, rules.Source, rules.EvaluationInterval);
        }
    }

    public AlertRuleSet Current => Files[0].Value ?? throw new InvalidOperationException(
        "The alert rules file could not be loaded at start-up:" + Environment.NewLine + string.Join(Environment.NewLine, StartupFailures));

    public string? LastError => Files[0].Problem;

    /// <summary>
    /// The configured path, except that the default, when the working directory has no such file, is the copy
    /// shipped next to the binary: <c>dotnet run</c> and the container both start with the shipped rules.
    /// </summary>
    internal static string ResolvePath(string configured)
    {
        if (configured != AlertingOptions.DefaultRulesFile || File.Exists(configured))
        {
            return configured;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, AlertingOptions.DefaultRulesFile);
        return File.Exists(shipped) ? shipped : configured;
    }

    protected override void OnApplied(IReadOnlyList<WatchedFile<AlertRuleSet>> files) =>
        Log.AlertRulesReloaded(_logger, files[0].Path, files[0].Value!.Rules.Count);

    protected override void OnRejected(WatchedFile<AlertRuleSet> file, IReadOnlyList<string> errors) =>
        Log.AlertRulesRejected(_logger, file.Path, errors.Count, string.Join(Environment.NewLine, errors));

    protected override void OnUnreadable(WatchedFile<AlertRuleSet> file, string reason) =>
        Log.AlertRulesUnreadable(_logger, file.Path, reason);

    protected override void OnCheckFailed(Exception exception) => Log.AlertRulesCheckFailed(_logger, exception);

    private static WatchedFile<AlertRuleSet> Watch(string path) =>
        new($"{AlertingOptions.Section}:RulesFile", path, text => Parse(path, text));

    private static AlertRuleSet Parse(string path, string text)
    {
        try
        {
            return AlertRulesParser.Parse(text, path);
        }
        catch (AlertRulesException e)
        {
            throw new InvalidFileException(e.Errors);
        }
    }
}

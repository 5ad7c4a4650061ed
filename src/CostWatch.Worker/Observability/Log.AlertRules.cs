namespace CostWatch.Worker.Observability;

/// <summary>The rules file's log events (8000-8099).</summary>
internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Information, "Loaded {Rules} alert rules from {File}, evaluated every {Interval}")]
    public static partial void AlertRulesLoaded(ILogger logger, int rules, string file, TimeSpan interval);

    [LoggerMessage(8001, LogLevel.Information, "Alert rules file {File} changed: its {Rules} rules are now in force")]
    public static partial void AlertRulesReloaded(ILogger logger, string file, int rules);

    [LoggerMessage(8002, LogLevel.Error, "Alert rules file {File} changed but was rejected ({Count} problem(s)); the rules in force stay:\n{Errors}")]
    public static partial void AlertRulesRejected(ILogger logger, string file, int count, string errors);

    [LoggerMessage(8003, LogLevel.Error, "Alert rules file {File} could not be read; the rules in force stay: {Reason}")]
    public static partial void AlertRulesUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(8004, LogLevel.Error, "Checking the alert rules file for changes failed; the rules in force stay and the next check tries again")]
    public static partial void AlertRulesCheckFailed(ILogger logger, Exception exception);
}

namespace CostWatch.Worker.Observability;

/// <summary>The alert engine's log events (8200-8299).</summary>
internal static partial class Log
{
    [LoggerMessage(8200, LogLevel.Warning, "Alert rule {Rule} could not be evaluated; its alerts keep their state ({Failures} failures in a row)")]
    public static partial void RuleEvaluationFailed(ILogger logger, string rule, int failures, Exception exception);

    [LoggerMessage(8201, LogLevel.Warning, "Alert evaluation round failed; no alert state changed")]
    public static partial void AlertRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(8202, LogLevel.Debug, "Alert evaluation round skipped: another replica evaluated less than half an interval ago")]
    public static partial void AlertRoundSkipped(ILogger logger);

    [LoggerMessage(8203, LogLevel.Information, "Alert {Rule} {Fingerprint} is {Status}")]
    public static partial void AlertStateChanged(ILogger logger, string rule, string fingerprint, string status);

    [LoggerMessage(8204, LogLevel.Information, "Trace loss retired agent {Agent} after its silence")]
    public static partial void AgentRetired(ILogger logger, string agent);

    [LoggerMessage(8205, LogLevel.Information, "Deleted {Count} resolved alerts past their retention")]
    public static partial void ResolvedAlertsPruned(ILogger logger, long count);
}

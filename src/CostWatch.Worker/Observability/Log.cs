namespace CostWatch.Worker.Observability;

/// <summary>
/// Every log message of the worker, source-generated. Event ids by area: 1xxx storage, 2xxx ingest,
/// 3xxx attribution and jobs. Messages never carry prompt or completion content, nor secrets.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Store {Provider} is at schema version {Version}")]
    public static partial void SchemaReady(ILogger logger, string provider, int version);

    [LoggerMessage(1001, LogLevel.Warning, "Store {Provider} is not reachable for migration; ingest answers 503 until it is. Retrying in {Delay}")]
    public static partial void MigrationRetry(ILogger logger, string provider, TimeSpan delay, Exception exception);

    [LoggerMessage(1002, LogLevel.Critical, "Refusing to start: {Message}")]
    public static partial void SchemaTooNew(ILogger logger, string message);

    [LoggerMessage(1003, LogLevel.Error, "Committing {Spans} spans of {Exports} exports failed; they were answered 503 so clients retry")]
    public static partial void CommitFailed(ILogger logger, int spans, int exports, Exception exception);

    [LoggerMessage(1004, LogLevel.Information, "Pruned {Records} records started before {RecordsBefore:o} and {Links} span links")]
    public static partial void Pruned(ILogger logger, long records, DateTime recordsBefore, long links);

    [LoggerMessage(2000, LogLevel.Information, "Export refused ({Reason}): {Message}")]
    public static partial void ExportRefused(ILogger logger, string reason, string message);

    [LoggerMessage(2001, LogLevel.Debug, "Export stored {Inserted} new spans, {Duplicates} duplicates, rejected {Rejected}")]
    public static partial void ExportStored(ILogger logger, int inserted, int duplicates, int rejected);

    [LoggerMessage(3000, LogLevel.Error, "Attribution pass failed; pending calls stay pending until the next pass")]
    public static partial void AttributionFailed(ILogger logger, Exception exception);

    [LoggerMessage(3001, LogLevel.Debug, "Attribution pass resolved {Resolved} of {Pending} pending calls")]
    public static partial void AttributionPass(ILogger logger, int resolved, int pending);

    [LoggerMessage(3002, LogLevel.Warning, "Attribution queue is full; traces wait for the settle sweep")]
    public static partial void AttributionQueueFull(ILogger logger);
}

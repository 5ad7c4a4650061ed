namespace CostWatch.Worker.Observability;

/// <summary>
/// Every log message of the worker, source-generated. Event ids by area: 1xxx storage, 2xxx ingest,
/// 3xxx attribution and jobs, 4xxx pricing, 5xxx metrics, 6xxx rollups, 7xxx API. Messages never carry prompt or completion content, nor secrets.
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

    [LoggerMessage(4000, LogLevel.Information, "Loaded {Entries} price entries from {Files} user price file(s); they win over the built-in catalog")]
    public static partial void PriceFilesLoaded(ILogger logger, int entries, int files);

    [LoggerMessage(4001, LogLevel.Information, "Price file {File} changed: its {Entries} entries are now in force")]
    public static partial void PriceFileReloaded(ILogger logger, string file, int entries);

    [LoggerMessage(4002, LogLevel.Error, "Price file {File} changed but was rejected ({Count} problem(s)); the prices in force stay:\n{Errors}")]
    public static partial void PriceFileRejected(ILogger logger, string file, int count, string errors);

    [LoggerMessage(4003, LogLevel.Error, "Price file {File} could not be read; the prices in force stay: {Reason}")]
    public static partial void PriceFileUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(4004, LogLevel.Error, "Checking the price files for changes failed; the prices in force stay and the next check tries again")]
    public static partial void PriceFileCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(5000, LogLevel.Warning, "Metric label {Label} has reached {MaxValues} distinct values (CostWatch:Metrics:MaxLabelValues); later values are exported as {Other}")]
    public static partial void LabelValuesCapped(ILogger logger, string label, int maxValues, string other);

    [LoggerMessage(6000, LogLevel.Debug, "Rolled up {LlmCalls} LLM calls, {Runs} agent runs and {ToolCalls} tool calls into {Rows} rollup rows")]
    public static partial void RolledUp(ILogger logger, int llmCalls, int runs, int toolCalls, int rows);

    [LoggerMessage(6001, LogLevel.Debug, "Rollup pass skipped: another replica holds the rollup lock")]
    public static partial void RollupSkipped(ILogger logger);

    [LoggerMessage(6002, LogLevel.Error, "Rollup pass failed; its records are rolled up by the next pass")]
    public static partial void RollupFailed(ILogger logger, Exception exception);

    [LoggerMessage(6003, LogLevel.Information, "Pruned {Rows} rollup rows past their resolution's retention")]
    public static partial void RollupsPruned(ILogger logger, long rows);

    [LoggerMessage(6004, LogLevel.Information, "Re-priced calls from {From:o} to {To:o} (dry run: {DryRun}): {Changed} of {Calls} changed, cost {Before} -> {After} USD")]
    public static partial void Repriced(ILogger logger, DateTime from, DateTime to, bool dryRun, long calls, long changed, decimal before, decimal after);

    [LoggerMessage(6005, LogLevel.Warning, "Could not bring the rollup indexes up to date; rollup passes read more of the record tables to find their window until a vacuum does (on PostgreSQL the worker's user must own the tables)")]
    public static partial void RollupIndexSummaryFailed(ILogger logger, Exception exception);

    [LoggerMessage(6006, LogLevel.Information, "Rollup window of {Transactions} transactions held more than {MaxRecords} records (CostWatch:Rollups:MaxRecordsPerPass); taking it in narrower passes")]
    public static partial void RollupWindowTooLarge(ILogger logger, long transactions, int maxRecords);

    [LoggerMessage(6007, LogLevel.Information, "Rolled up a backlog in {Passes} bounded passes, {Records} records in all")]
    public static partial void RollupBacklogTaken(ILogger logger, int passes, long records);

    [LoggerMessage(7000, LogLevel.Information, "API request to {Path} refused: missing or invalid bearer token")]
    public static partial void ApiUnauthorized(ILogger logger, string path);

    [LoggerMessage(7001, LogLevel.Debug, "API request to {Path} refused: parameter {Parameter}: {Message}")]
    public static partial void ApiBadParameter(ILogger logger, string path, string parameter, string message);

    [LoggerMessage(7002, LogLevel.Warning, "API request to {Path} answered 503: the store is unavailable")]
    public static partial void ApiStoreUnavailable(ILogger logger, string path, Exception exception);
}

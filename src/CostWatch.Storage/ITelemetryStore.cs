using CostWatch.Core.Attribution;
using CostWatch.Core.Ingest;
using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>
/// The durable store of ingested records. Every method either completes or throws; a store that cannot be
/// reached throws a <see cref="System.Data.Common.DbException"/> (or <see cref="TimeoutException"/>), never
/// answers as if it were empty.
/// </summary>
public interface ITelemetryStore
{
    StorageProvider Provider { get; }

    /// <summary>Applies the versioned schema scripts this build has and the database lacks.</summary>
    Task<SchemaStatus> MigrateAsync(CancellationToken cancellationToken);

    Task<SchemaStatus> GetSchemaStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the records of several exports in one transaction (group commit). A span already stored, or
    /// present twice in <paramref name="batches"/>, is stored once: records are keyed by trace id and span id.
    /// </summary>
    Task<WriteOutcome> WriteAsync(IReadOnlyList<NormalizedBatch> batches, CancellationToken cancellationToken);

    Task<IReadOnlyList<PendingCall>> GetPendingCallsAsync(IReadOnlyCollection<Guid> traceIds,
        CancellationToken cancellationToken);

    /// <summary>Pending calls received at or before <paramref name="cutoff"/>, oldest first.</summary>
    Task<IReadOnlyList<PendingCall>> GetPendingCallsReceivedBeforeAsync(DateTime cutoff, int limit,
        CancellationToken cancellationToken);

    /// <summary>The parent links of every stored span of these traces, with the identity of their agent runs.</summary>
    Task<IReadOnlyDictionary<Guid, Dictionary<ulong, SpanGraphNode>>> GetTraceGraphsAsync(
        IReadOnlyCollection<Guid> traceIds, CancellationToken cancellationToken);

    /// <summary>Applies attributions to calls that are still pending; returns how many calls changed.</summary>
    Task<int> ApplyAttributionAsync(IReadOnlyList<AttributionUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Deletes records that started before <paramref name="recordsBefore"/> and links received before <paramref name="linksBefore"/>.</summary>
    Task<PruneResult> PruneAsync(DateTime recordsBefore, DateTime linksBefore, CancellationToken cancellationToken);

    Task<IReadOnlyList<LlmCall>> GetLlmCallsAsync(Guid traceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentRun>> GetAgentRunsAsync(Guid traceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ToolCall>> GetToolCallsAsync(Guid traceId, CancellationToken cancellationToken);

    /// <summary>
    /// A run's iterations: <c>agent.iterations</c> when reported, otherwise the LLM calls attributed to it.
    /// Null when the run is not stored.
    /// </summary>
    Task<int?> GetRunIterationsAsync(Guid traceId, ulong runSpanId, CancellationToken cancellationToken);

    Task<StoreCounts> CountAsync(CancellationToken cancellationToken);
}

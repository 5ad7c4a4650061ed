using CostWatch.Core.Ingest;
using CostWatch.Core.Records;

namespace CostWatch.Storage;

/// <summary>
/// The records of a group of exports with in-group duplicates removed (the same span retried while its first
/// delivery is still in flight), so each store only has to guard against what is already stored.
/// </summary>
internal sealed class DeduplicatedRows
{
    public List<LlmCall> LlmCalls { get; } = [];

    public List<AgentRun> AgentRuns { get; } = [];

    public List<ToolCall> ToolCalls { get; } = [];

    public List<SpanLink> Links { get; } = [];

    public int DuplicatesInBatches { get; private set; }

    public int Total => LlmCalls.Count + AgentRuns.Count + ToolCalls.Count + Links.Count;

    public static DeduplicatedRows From(IReadOnlyList<NormalizedBatch> batches)
    {
        var rows = new DeduplicatedRows();
        foreach (var batch in batches)
        {
            rows.AddAll(batch);
        }

        return rows;
    }

    private readonly HashSet<(Guid, ulong)> _seen = [];

    private void AddAll(NormalizedBatch batch)
    {
        AddUnique(batch.LlmCalls, LlmCalls, static r => (r.TraceId, r.SpanId));
        AddUnique(batch.AgentRuns, AgentRuns, static r => (r.TraceId, r.SpanId));
        AddUnique(batch.ToolCalls, ToolCalls, static r => (r.TraceId, r.SpanId));
        AddUnique(batch.Links, Links, static r => (r.TraceId, r.SpanId));
    }

    private void AddUnique<T>(List<T> from, List<T> into, Func<T, (Guid, ulong)> key)
    {
        foreach (var row in from)
        {
            if (_seen.Add(key(row)))
            {
                into.Add(row);
            }
            else
            {
                DuplicatesInBatches++;
            }
        }
    }
}

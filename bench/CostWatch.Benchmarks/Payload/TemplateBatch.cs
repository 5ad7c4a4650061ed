namespace CostWatch.Benchmarks.Payload;

/// <summary>
/// One export, encoded once: the bytes, where each span's trace id sits in them and which trace it belongs to.
/// </summary>
internal sealed class TemplateBatch(byte[] bytes, int[] traceIdOffsets, int[] traceSlots, int callsAwaitingLaterRun,
    BatchComposition composition)
{
    public int Length => bytes.Length;

    public int SpanCount => traceIdOffsets.Length;

    /// <summary>LLM and tool calls whose agent run is in a later export of the sequence (a trace cut by the batch end).</summary>
    public int CallsAwaitingLaterRun => callsAwaitingLaterRun;

    public BatchComposition Composition => composition;

    /// <summary>Copies the export into <paramref name="destination"/> with trace ids unique to this send.</summary>
    public void Stamp(Span<byte> destination, uint run, int client, int cycle)
    {
        bytes.CopyTo(destination);
        for (var i = 0; i < traceIdOffsets.Length; i++)
        {
            TraceIds.Write(destination.Slice(traceIdOffsets[i], TraceIds.Length), run, client, cycle, traceSlots[i]);
        }
    }

    public byte[] Stamped(uint run, int client, int cycle)
    {
        var copy = new byte[Length];
        Stamp(copy, run, client, cycle);
        return copy;
    }
}

using CostWatch.Core.Records;

namespace CostWatch.Core.Ingest;

/// <summary>The records one export turns into, and the spans it rejected.</summary>
public sealed class NormalizedBatch
{
    public List<LlmCall> LlmCalls { get; } = [];

    public List<AgentRun> AgentRuns { get; } = [];

    public List<ToolCall> ToolCalls { get; } = [];

    public List<SpanLink> Links { get; } = [];

    public List<SpanRejection> Rejections { get; } = [];

    /// <summary>Spans accepted for storage (records and links).</summary>
    public int AcceptedSpanCount => LlmCalls.Count + AgentRuns.Count + ToolCalls.Count + Links.Count;

    public IEnumerable<AttributedCall> Calls => LlmCalls.Cast<AttributedCall>().Concat(ToolCalls);

    /// <summary>The OTLP partial-success message: how many spans were rejected and the first few reasons.</summary>
    public string? RejectionMessage(int maxReasons = 5)
    {
        if (Rejections.Count == 0)
        {
            return null;
        }

        var reasons = string.Join("; ", Rejections.Take(maxReasons));
        var more = Rejections.Count > maxReasons ? $"; and {Rejections.Count - maxReasons} more" : "";
        return $"{Rejections.Count} span(s) rejected: {reasons}{more}";
    }
}

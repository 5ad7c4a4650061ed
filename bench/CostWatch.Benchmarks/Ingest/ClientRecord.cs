namespace CostWatch.Benchmarks.Ingest;

/// <summary>What one load-generator client saw. Written by that client's loop only.</summary>
internal sealed class ClientRecord
{
    /// <summary>Per send, in order: whether it was acknowledged (HTTP 200).</summary>
    public List<bool> Acknowledged { get; } = [];

    /// <summary>Latency of each export that completed inside the measured window, in milliseconds.</summary>
    public List<double> MeasuredLatenciesMs { get; } = [];

    public long MeasuredSpans { get; set; }

    /// <summary>Spans acknowledged before the measured window: what the store held when measuring began.</summary>
    public long WarmupSpans { get; set; }

    public long AcknowledgedSpans { get; set; }

    public long RejectedSpans { get; set; }

    /// <summary>Failed exports over the whole run (warm-up included), by HTTP status or exception.</summary>
    public Dictionary<string, int> Errors { get; } = [];
}

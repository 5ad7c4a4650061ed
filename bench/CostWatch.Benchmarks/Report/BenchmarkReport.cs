using CostWatch.Benchmarks.Alerts;
using CostWatch.Benchmarks.Api;
using CostWatch.Benchmarks.Decode;
using CostWatch.Benchmarks.Ingest;
using CostWatch.Benchmarks.Notify;

namespace CostWatch.Benchmarks.Report;

/// <summary>Everything one invocation measured, for <see cref="MarkdownReport"/>.</summary>
internal sealed class BenchmarkReport
{
    public required string Command { get; init; }

    public required BenchmarkOptions Options { get; init; }

    public required MachineInfo Machine { get; init; }

    public required double BytesPerSpan { get; init; }

    public required string Payload { get; init; }

    public required string Revision { get; init; }

    public DecodeResult? Decode { get; set; }

    public List<IngestResult> Ingest { get; } = [];

    public List<ApiResult> Api { get; } = [];

    public List<AlertResult> Alerts { get; } = [];
    public NotifyResult? Notify { get; set; }

    /// <summary>Settings of each store, by store name.</summary>
    public Dictionary<string, IReadOnlyList<(string Name, string Value)>> StoreSettings { get; } = [];

    /// <summary>Parts that could not run, and why: they make the invocation fail.</summary>
    public List<string> Failures { get; } = [];
}

using CostWatch.Benchmarks.Ceiling;
using CostWatch.Benchmarks.Processes;

namespace CostWatch.Benchmarks.Ingest;

/// <summary>One ingest run against one store: the load, the worker's memory and CPU, attribution, the rollup lag, the ceiling.</summary>
internal sealed record IngestResult(
    string Store,
    LoadResult Load,
    double? PeakRssMb,
    double MaxSampledRssMb,
    CpuUsage Cpu,
    AttributionCatchUp Attribution,
    RollupLag RollupLag,
    long StoredSpans,
    int WorkerOutputLines,
    string WorkerOutputTail,
    CeilingResult Ceiling)
{
    public double Ratio => Load.SpansPerSecond / Ceiling.Best.SpansPerSecond;
}

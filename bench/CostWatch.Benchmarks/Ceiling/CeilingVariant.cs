using CostWatch.Benchmarks.Processes;

namespace CostWatch.Benchmarks.Ceiling;

/// <summary>
/// One way of writing the records straight to the store: how many writers run side by side and how many exports
/// share a transaction; <see cref="Cpu"/> is this process (the store's client) and the database server.
/// </summary>
internal sealed record CeilingVariant(int Writers, int ExportsPerTransaction, long Spans, TimeSpan Elapsed, CpuUsage Cpu)
{
    public double SpansPerSecond => Spans / Elapsed.TotalSeconds;

    public string Name => $"{Writers} writer(s) × {ExportsPerTransaction} export(s)/transaction";

    /// <summary>CPU time of the client per span written, in microseconds.</summary>
    public double ClientMicrosecondsPerSpan => Cpu.WorkerCores * 1e6 / SpansPerSecond;

    /// <summary>CPU time of the database server per span written, in microseconds (0 for SQLite, which is in process).</summary>
    public double ServerMicrosecondsPerSpan => (Cpu.ServerCores ?? 0) * 1e6 / SpansPerSecond;
}

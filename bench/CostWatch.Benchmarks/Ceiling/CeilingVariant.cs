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

    public double ClientMicrosecondsPerSpan => Cpu.WorkerMicrosecondsPerSpan(SpansPerSecond);

    public double ServerMicrosecondsPerSpan => Cpu.ServerMicrosecondsPerSpan(SpansPerSecond);
}

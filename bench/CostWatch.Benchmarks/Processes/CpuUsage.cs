namespace CostWatch.Benchmarks.Processes;

/// <summary>Where the CPU went during the measured window, in cores (1.0 = one core busy all the time).</summary>
internal sealed record CpuUsage(double WorkerCores, double? ServerCores, double LoadGeneratorCores, double MachineBusyPercent,
    double MachineIoWaitPercent)
{
    /// <summary>The worker's (or the ceiling's client's) CPU time per span at <paramref name="spansPerSecond"/>, in microseconds.</summary>
    public double WorkerMicrosecondsPerSpan(double spansPerSecond) => WorkerCores * 1e6 / spansPerSecond;

    /// <summary>The database server's CPU time per span, in microseconds (0 where it runs in process: SQLite).</summary>
    public double ServerMicrosecondsPerSpan(double spansPerSecond) => (ServerCores ?? 0) * 1e6 / spansPerSecond;
}

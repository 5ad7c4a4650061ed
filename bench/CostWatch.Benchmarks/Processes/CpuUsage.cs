namespace CostWatch.Benchmarks.Processes;

/// <summary>Where the CPU went during the measured window, in cores (1.0 = one core busy all the time).</summary>
internal sealed record CpuUsage(double WorkerCores, double? ServerCores, double LoadGeneratorCores, double MachineBusyPercent,
    double MachineIoWaitPercent);

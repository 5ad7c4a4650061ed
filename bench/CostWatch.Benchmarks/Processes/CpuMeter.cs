using System.Diagnostics;

namespace CostWatch.Benchmarks.Processes;

/// <summary>Measures CPU time of the worker, the database server and this process over one window.</summary>
internal sealed class CpuMeter(int workerPid, int? serverParentPid)
{
    private TimeSpan _worker;
    private TimeSpan _self;
    private Dictionary<int, TimeSpan> _server = [];
    private MachineCpu _machine;
    private long _started;

    public void Start()
    {
        _started = Stopwatch.GetTimestamp();
        _worker = ProcessStat.Read(workerPid)?.CpuTime ?? TimeSpan.Zero;
        _self = Process.GetCurrentProcess().TotalProcessorTime;
        _server = ServerCpu();
        _machine = MachineCpu.Read();
    }

    public CpuUsage Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var worker = (ProcessStat.Read(workerPid)?.CpuTime ?? _worker) - _worker;
        var self = Process.GetCurrentProcess().TotalProcessorTime - _self;
        double? server = null;
        if (serverParentPid is not null)
        {
            // Backends that started during the window count whole; ones that ended during it are lost (the
            // worker's pooled connections live throughout).
            server = ServerCpu().Sum(p => (p.Value - _server.GetValueOrDefault(p.Key)).TotalSeconds) / seconds;
        }

        var machine = MachineCpu.Read();
        var total = (double)(machine.Total - _machine.Total);
        var idle = machine.Idle - _machine.Idle;
        var ioWait = machine.IoWait - _machine.IoWait;
        return new CpuUsage(worker.TotalSeconds / seconds, server, self.TotalSeconds / seconds,
            100 * (total - idle - ioWait) / total, 100 * ioWait / total);
    }

    private Dictionary<int, TimeSpan> ServerCpu()
    {
        var cpu = new Dictionary<int, TimeSpan>();
        if (serverParentPid is not { } parent)
        {
            return cpu;
        }

        foreach (var pid in ProcessStat.ChildrenOf(parent).Append(parent))
        {
            if (ProcessStat.Read(pid) is { } stat)
            {
                cpu[pid] = stat.CpuTime;
            }
        }

        return cpu;
    }
}

using System.Globalization;

namespace CostWatch.Benchmarks.Processes;

/// <summary>The first line of <c>/proc/stat</c>: CPU time of the whole machine, in USER_HZ ticks.</summary>
internal readonly record struct MachineCpu(long Total, long Idle, long IoWait)
{
    public static MachineCpu Read()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal; guest time is already part of user.
        var total = values.Take(8).Sum();
        return new MachineCpu(total, values[3], values[4]);
    }
}

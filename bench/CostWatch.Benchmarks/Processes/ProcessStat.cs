using System.Globalization;

namespace CostWatch.Benchmarks.Processes;

/// <summary>What <c>/proc/&lt;pid&gt;/stat</c> says about a process: its parent and the CPU time it has used.</summary>
internal readonly record struct ProcessStat(int ParentId, TimeSpan CpuTime)
{
    // USER_HZ: the unit of utime and stime, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static ProcessStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may contain spaces: the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessStat(parent, TimeSpan.FromSeconds(ticks / TicksPerSecond));
    }

    public static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } stat && stat.ParentId == parent)
            {
                yield return pid;
            }
        }
    }
}

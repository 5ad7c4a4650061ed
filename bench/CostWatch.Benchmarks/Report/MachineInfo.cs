using System.Globalization;
using System.Runtime.InteropServices;

namespace CostWatch.Benchmarks.Report;

/// <summary>The facts about the machine a result depends on, read from /proc and /etc.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Memory, string OperatingSystem, string Runtime,
    string LoadAverage)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        TotalMemory(),
        $"{FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription}, " +
        $"kernel {ReadOrNull("/proc/sys/kernel/osrelease")?.Trim() ?? "?"}",
        RuntimeInformation.FrameworkDescription,
        string.Join(' ', (ReadOrNull("/proc/loadavg") ?? "? ? ?").Split(' ').Take(3)));

    /// <summary>The file system holding <paramref name="path"/>: type, device and mount point, from /proc/mounts.</summary>
    public static string FileSystemOf(string path)
    {
        var full = Path.GetFullPath(path);
        var mounts = (ReadOrNull("/proc/mounts") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(f => f.Length >= 3 && (full == f[1] || full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
            .MaxBy(f => f[1].Length);
        return mounts is null ? "unknown" : $"{mounts[2]} ({mounts[0]} on {mounts[1]}, path {full})";
    }

    private static string TotalMemory()
    {
        var kb = FirstValue("/proc/meminfo", "MemTotal", ':')?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return kb is null ? "unknown" : $"{long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB";
    }

    private static string? FirstValue(string file, string key, char separator) =>
        (ReadOrNull(file) ?? "").Split('\n')
            .Where(line => line.StartsWith(key, StringComparison.Ordinal) && line.Contains(separator, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(separator, StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();

    private static string? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Diagnostics;

namespace CostWatch.Benchmarks.Report;

/// <summary>
/// The commit the measured build came from, and whether src/ had uncommitted changes: figures are only
/// comparable between runs of the same code.
/// </summary>
internal static class SourceRevision
{
    public static string Describe()
    {
        // The build output sits inside the repository, wherever the benchmark is started from.
        var commit = Git("rev-parse", "--short", "HEAD");
        if (commit is null)
        {
            return "unknown (not a git checkout)";
        }

        var dirty = Git("status", "--porcelain", "--", "src") is { Length: > 0 };
        var subject = Git("log", "-1", "--format=%s") ?? "";
        return $"{commit} ({subject}){(dirty ? ", with uncommitted changes in src/" : "")}";
    }

    private static string? Git(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

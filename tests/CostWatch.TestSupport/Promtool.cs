using System.Diagnostics;

namespace CostWatch.TestSupport;

/// <summary>
/// Prometheus' <c>promtool</c> (Debian package <c>prometheus</c>, which <c>scripts/test.sh</c> installs when it is
/// missing), found on the PATH.
/// </summary>
public static class Promtool
{
    internal const string UnavailableReason = "promtool not found on the PATH: install Debian's prometheus package (scripts/test.sh does)";

    private static readonly Lazy<string?> Path = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsAvailable => Path.Value is not null;

    /// <summary>
    /// Why a promtool test is skipped, or null when it must run: when promtool is there, and always in CI
    /// (<c>CI=true</c>), where a missing promtool has to fail the test rather than pass quietly.
    /// </summary>
    internal static string? SkipReason =>
        IsAvailable || Environment.GetEnvironmentVariable("CI") == "true" ? null : UnavailableReason;

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="exposition"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var path = Path.Value ?? throw new InvalidOperationException(UnavailableReason);
        var start = new ProcessStartInfo(path)
        {
            ArgumentList = { "check", "metrics" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Runs <c>promtool</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var path = Path.Value ?? throw new InvalidOperationException(UnavailableReason);
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
}

using System.Globalization;

namespace CostWatch.Benchmarks.Processes;

/// <summary>
/// Samples the worker's resident set (<c>VmRSS</c>) every 250 ms and reads the kernel's own high-water mark
/// (<c>VmHWM</c>), which also catches peaks between samples.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _maxRssKb;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _sampling = SampleAsync(_stop.Token);
    }

    public double MaxSampledRssMb => Interlocked.Read(ref _maxRssKb) / 1024.0;

    /// <summary>The peak resident set since the process started, in MB; null once the process is gone.</summary>
    public double? HighWaterMarkMb() => ReadKb("VmHWM:") is { } kb ? kb / 1024.0 : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            if (ReadKb("VmRSS:") is { } kb && kb > Interlocked.Read(ref _maxRssKb))
            {
                Interlocked.Exchange(ref _maxRssKb, kb);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private long? ReadKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process has exited.
        }

        return null;
    }
}

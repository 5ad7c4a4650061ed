using CostWatch.Benchmarks.Report;

namespace CostWatch.Benchmarks.Notify;

/// <summary>The notify run as a markdown section of the report.</summary>
internal static class NotifyReport
{
    public static void Write(TextWriter w, NotifyResult r)
    {
        var p99 = Statistics.Percentile(r.LatenciesMs, 99);
        w.WriteLine($"#### Notifications: {r.RatePerMinute:N0} state changes per minute for {r.Measured.TotalSeconds:0} s to one webhook receiver (one notice per change, no group wait), {r.Store}");
        w.WriteLine();
        w.WriteLine("| changes | notices | duplicates | missing | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | p99 ≤ 2 s |");
        w.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        w.WriteLine($"| {r.Changes:N0} | {r.Notices:N0} | {r.Duplicates:N0} | {r.Missing:N0} | {Statistics.Percentile(r.LatenciesMs, 50):0} | " +
                    $"{Statistics.Percentile(r.LatenciesMs, 95):0} | {p99:0} | {(r.LatenciesMs.Count == 0 ? double.NaN : r.LatenciesMs.Max()):0} | " +
                    $"{(p99 <= Targets.NotifyP99Ms && r.Missing == 0 && r.Duplicates == 0 ? "yes" : "no")} |");
        w.WriteLine();
        if (r.Memory.Count > 0)
        {
            var third = Math.Max(1, r.Memory.Count / 3);
            var early = Statistics.Median(r.Memory.Take(third).Select(m => m.RssMb).ToList());
            var late = Statistics.Median(r.Memory.TakeLast(third).Select(m => m.RssMb).ToList());
            w.WriteLine($"Worker resident set: median {early:0} MB over the first third of the run, {late:0} MB over the last third " +
                        $"({late - early:+0;-0;0} MB), peak {r.Memory.Max(m => m.RssMb):0} MB. Every 10 s: " +
                        string.Join(", ", r.Memory.Where((_, i) => i % 10 == 9).Select(m => $"{m.RssMb:0}")) + " MB.");
        }
    }
}

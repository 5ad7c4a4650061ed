using System.Diagnostics;
using System.Globalization;
using CostWatch.Benchmarks.Stores;

namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// How far the rollup job trails the load. During the load: the lag of each rollup pass as the worker reports
/// it (<c>costwatch_rollup_lag_seconds</c> on <c>GET /metrics</c>, read once a second: a pass's lag is what its
/// one observation added to the histogram's sum). After the load: from the database, how long until nothing
/// final is left to roll up. Both include the one to two job intervals a record waits by design
/// (docs/rollups.md); bounded means it does not grow.
/// </summary>
/// <remarks>
/// The database probe reads every record stored since the last pass: on PostgreSQL about 370 ms of a server
/// core per sample at 100k spans/s, a load of the benchmark's own that the ceiling does not carry. It is
/// therefore used only once the measured load is over.
/// </remarks>
internal sealed class RollupLagSampler(StoreServer server, string connectionString, Uri workerUrl)
{
    private const string LagSum = "costwatch_rollup_lag_seconds_sum";
    private const string LagCount = "costwatch_rollup_lag_seconds_count";

    private static readonly TimeSpan ScrapeEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(60);

    private readonly List<double> _passLags = [];

    public async Task SampleUntilAsync(Task load, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = workerUrl, Timeout = TimeSpan.FromSeconds(5) };
        var (sum, count) = await ScrapeAsync(http, cancellationToken);
        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(ScrapeEvery, cancellationToken));
            var (newSum, newCount) = await ScrapeAsync(http, cancellationToken);
            if (newCount > count)
            {
                // One pass per scrape at a 10 s job interval; were there more, each is taken at their mean.
                var passes = newCount - count;
                for (var i = 0; i < passes; i++)
                {
                    _passLags.Add((newSum - sum) / passes);
                }
            }

            (sum, count) = (newSum, newCount);
        }
    }

    /// <summary>After the load: waits until nothing final is left to roll up.</summary>
    public async Task<RollupLag> CatchUpAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var lag = await LagSecondsAsync(cancellationToken);
        while (lag > 0 && waited.Elapsed < CatchUpWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            lag = await LagSecondsAsync(cancellationToken);
        }

        return new RollupLag(_passLags.Count, _passLags.DefaultIfEmpty(0).Max(), _passLags.LastOrDefault(),
            lag > 0 ? null : waited.Elapsed, waited.Elapsed);
    }

    private static async Task<(double Sum, long Count)> ScrapeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync("/metrics", cancellationToken);
        double sum = 0;
        long count = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(LagSum))
            {
                sum = double.Parse(Value(line), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith(LagCount))
            {
                count = long.Parse(Value(line), CultureInfo.InvariantCulture);
            }
        }

        return (sum, count);
    }

    // `name{labels} value [timestamp]`: the value is the field after the name and its labels.
    private static ReadOnlySpan<char> Value(ReadOnlySpan<char> line)
    {
        var rest = line[(line.LastIndexOf('}') + 1)..].TrimStart();
        if (rest.Length == line.Length)
        {
            rest = line[(line.IndexOf(' ') + 1)..];
        }

        var end = rest.IndexOf(' ');
        return end < 0 ? rest : rest[..end];
    }

    private async Task<double> LagSecondsAsync(CancellationToken cancellationToken)
    {
        var oldest = await server.OldestUnrolledRecordAsync(connectionString, cancellationToken);
        return oldest is { } received ? Math.Max(0, (DateTime.UtcNow - received).TotalSeconds) : 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CostWatch.Benchmarks.Ingest;
using CostWatch.Benchmarks.Stores;
using CostWatch.Storage;
using CostWatch.TestSupport.Rollups;
using Npgsql;

namespace CostWatch.Benchmarks.Api;

/// <summary>
/// <c>GET /api/v1/costs?from=&lt;days ago&gt;&amp;to=&lt;now&gt;&amp;groupBy=agent,model</c> against the worker binary over
/// HTTP: a fresh database seeded with rollups of agents × models (<see cref="CostRollupSeed"/>), a check that the
/// answer's total equals the seeded one exactly, warm-up requests, then sequential measured requests.
/// </summary>
internal static class ApiBenchmark
{
    public static async Task<ApiResult> RunAsync(StoreServer server, BenchmarkOptions options, TextWriter progress,
        CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(cancellationToken);
        var store = TelemetryStoreFactory.Create(server.Provider, connectionString);
        await store.MigrateAsync(cancellationToken);
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var seed = new CostRollupSeed(now, options.Days, options.Agents, options.Models);
        progress.WriteLine($"api {server.DisplayName}: seeding {options.Days} days of rollups for {options.Agents} agents x {options.Models} models");
        var seeding = Stopwatch.StartNew();
        var seeded = await RollupTableWriter.WriteAsync(server.Provider, connectionString, seed.Rows(), null, cancellationToken);
        if (server.Provider == StorageProvider.Postgres)
        {
            // Autovacuum vacuums and analyzes a table this size soon after a bulk load; the benchmark measures that
            // steady state instead of the minutes before it, or autovacuum's work on the same two cores during it.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE llm_rollups", connection) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        seeding.Stop();
        progress.WriteLine($"api {server.DisplayName}: {seeded:N0} rollup rows in {seeding.Elapsed.TotalSeconds:0} s; starting the worker");

        var workingDirectory = Directory.CreateTempSubdirectory("costwatch-bench-api-").FullName;
        try
        {
            await using var worker = await WorkerUnderTest.StartAsync(server.Provider.ToString(), connectionString,
                workingDirectory, cancellationToken);
            using var http = new HttpClient { BaseAddress = worker.HttpUrl, Timeout = TimeSpan.FromSeconds(60) };
            var query = "/api/v1/costs?groupBy=agent,model" +
                        $"&from={Rfc3339(now.AddDays(-options.Days).AddHours(-options.ExtraHours))}&to={Rfc3339(now)}";

            var (rows, bytes, check) = await CheckAsync(http, query, seed, options, cancellationToken);
            progress.WriteLine($"api {server.DisplayName}: {check}; {options.WarmupRequests} warm-up and {options.Requests} measured requests");
            for (var i = 0; i < options.WarmupRequests; i++)
            {
                await GetAsync(http, query, cancellationToken);
            }

            var latencies = new List<double>(options.Requests);
            for (var i = 0; i < options.Requests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await GetAsync(http, query, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return new ApiResult(server.DisplayName, query, seeded, seeding.Elapsed, rows, bytes, latencies, check);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>One request whose answer is checked: a row per agent and model, and the seeded totals, exactly.</summary>
    private static async Task<(int Rows, long Bytes, string Check)> CheckAsync(HttpClient http, string query,
        CostRollupSeed seed, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var body = await GetAsync(http, query, cancellationToken);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var rows = root.GetProperty("rows").GetArrayLength();
        var total = root.GetProperty("total");
        var from = DateTimeOffset.Parse(root.GetProperty("from").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var to = DateTimeOffset.Parse(root.GetProperty("to").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var expected = seed.Expected(from, to);
        var answered = (total.GetProperty("calls").GetInt64(), total.GetProperty("costUsd").GetDecimal(),
            total.GetProperty("unpricedCalls").GetInt64());
        if (rows != options.Agents * options.Models || answered != expected)
        {
            throw new InvalidOperationException(
                $"the API answered {rows} rows and totals {answered} for {root.GetProperty("from")}..{root.GetProperty("to")}; " +
                $"expected {options.Agents * options.Models} rows and {expected}");
        }

        return (rows, body.Length, $"{rows:N0} rows, total {expected.Calls:N0} calls and ${expected.CostUsd} as seeded");
    }

    private static async Task<string> GetAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(query, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {query} answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

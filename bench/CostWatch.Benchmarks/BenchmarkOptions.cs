using System.Globalization;

namespace CostWatch.Benchmarks;

/// <summary>The command line: a mode and its options, each checked against a range so every loop stays bounded.</summary>
internal sealed record BenchmarkOptions
{
    public const string Usage = """
        usage: CostWatch.Benchmarks <mode> [options]
          decode                               hand-written reader vs generated protobuf classes
          ingest --store sqlite|postgres       OTLP/HTTP load against the worker, then the store's ceiling
          api [--store sqlite|postgres]        GET /api/v1/costs over seeded rollups (both stores unless --store)
          alerts [--store sqlite|postgres]     one evaluation of all alert rules over seeded samples (both stores unless --store)
          notify [--store sqlite|postgres]     state changes to one webhook receiver (sqlite unless --store)
          all                                  decode, ingest, api and alerts on sqlite and postgres; one markdown report
        options:
          --clients N      concurrent exporters (default 4, 1-64)
          --seconds N      measured seconds of load (default 20, 1-3600)
          --warmup N       warm-up seconds before measuring (default 5, 0-120)
          --batch N        spans per export (default 512, 16-8192)
          --repeat N       ingest: whole runs (worker, then ceiling) one after another (default 1, 1-20); the
                           report gives each and the median ratio, since this machine's speed drifts between them
          --report PATH    also write the markdown report to PATH
          --days N         api: days of rollups seeded and queried (default 30, 1-366)
          --extra-hours N  api: the range starts N hours earlier still (default 0, 0-23): its first partial day,
                           read from hour rows, is longer or shorter than now's time of day makes it
          --agents N       api: agents in the rollups (default 100, 1-1000); alerts: agents in the fleet (default 1000)
          --models N       api: models in the rollups (default 20, 2-100)
          --requests N     api: measured requests (default 200, 1-10000), after 200 warm-up requests
          --runs N         alerts: agent runs inside the rule windows (default 1000000, 1000-10000000)
          --calls N        alerts: LLM and tool calls inside the rule windows (default 5000000, 1000-50000000)
          --tools N        alerts: tools the fleet calls (default 20, 5-100)
          --evaluations N  alerts: measured evaluations (default 20, 1-1000), after the first and one warm-up
          --rate N         notify: alert state changes per minute, each one notice (default 1000, 1-60000)
        environment:
          COSTWATCH_BENCH_PG   server-level PostgreSQL connection string; unset: a throwaway durable cluster
        """;

    public BenchmarkMode Mode { get; init; }

    public StoreChoice? Store { get; init; }

    public int Clients { get; init; } = 4;

    public int Seconds { get; init; } = 20;

    public int Warmup { get; init; } = 5;

    public int Batch { get; init; } = 512;

    /// <summary>ingest: whole runs, each a fresh database, the worker and then its ceiling.</summary>
    public int Repeat { get; init; } = 1;

    public string? ReportPath { get; init; }

    public int Days { get; init; } = 30;

    public int ExtraHours { get; init; }

    /// <summary>--agents as given: its default depends on the mode (<see cref="Agents"/>, <see cref="FleetAgents"/>).</summary>
    public int? AgentsGiven { get; init; }

    /// <summary>api: agents in the rollups.</summary>
    public int Agents => AgentsGiven ?? 100;

    /// <summary>alerts: agents in the fleet.</summary>
    public int FleetAgents => AgentsGiven ?? 1000;

    public int Runs { get; init; } = 1_000_000;

    public int Calls { get; init; } = 5_000_000;

    public int Tools { get; init; } = 20;

    public int Evaluations { get; init; } = 20;

    public int Models { get; init; } = 20;

    public int Requests { get; init; } = 200;

    public int Rate { get; init; } = 1000;

    /// <summary>
    /// api: requests before measuring. The worker's JIT recompiles the hot paths (tiered compilation) for about
    /// ten seconds of this load, on the cores the query's lanes use; 20 warm-up requests left that in the first
    /// measured ones (p95 104 ms over requests 21-220, 63-73 ms over the next 400; docs/benchmarks.md).
    /// </summary>
    public int WarmupRequests => 200;

    /// <exception cref="ArgumentException">The command line is not valid; the message says why.</exception>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("a mode is required");
        }

        var options = new BenchmarkOptions
        {
            Mode = args[0] switch
            {
                "decode" => BenchmarkMode.Decode,
                "ingest" => BenchmarkMode.Ingest,
                "api" => BenchmarkMode.Api,
                "alerts" => BenchmarkMode.Alerts,
                "notify" => BenchmarkMode.Notify,
                "all" => BenchmarkMode.All,
                _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
            },
        };

        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--store" => options with { Store = ParseStore(value) },
                "--clients" => options with { Clients = ParseInt(name, value, 1, 64) },
                "--seconds" => options with { Seconds = ParseInt(name, value, 1, 3600) },
                "--warmup" => options with { Warmup = ParseInt(name, value, 0, 120) },
                "--batch" => options with { Batch = ParseInt(name, value, 16, 8192) },
                "--repeat" => options with { Repeat = ParseInt(name, value, 1, 20) },
                "--report" => options with { ReportPath = value },
                "--days" => options with { Days = ParseInt(name, value, 1, 366) },
                "--extra-hours" => options with { ExtraHours = ParseInt(name, value, 0, 23) },
                "--agents" => options with { AgentsGiven = ParseInt(name, value, 1, 1000) },
                "--models" => options with { Models = ParseInt(name, value, 2, 100) },
                "--requests" => options with { Requests = ParseInt(name, value, 1, 10_000) },
                "--runs" => options with { Runs = ParseInt(name, value, 1_000, 10_000_000) },
                "--calls" => options with { Calls = ParseInt(name, value, 1_000, 50_000_000) },
                "--tools" => options with { Tools = ParseInt(name, value, 5, 100) },
                "--evaluations" => options with { Evaluations = ParseInt(name, value, 1, 1_000) },
                "--rate" => options with { Rate = ParseInt(name, value, 1, 60_000) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (options.Mode == BenchmarkMode.Ingest && options.Store is null)
        {
            throw new ArgumentException("ingest needs --store sqlite or --store postgres");
        }

        return options;
    }

    private static StoreChoice ParseStore(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => StoreChoice.Sqlite,
        "postgres" or "postgresql" => StoreChoice.Postgres,
        _ => throw new ArgumentException($"--store must be sqlite or postgres, was '{value}'"),
    };

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, was '{value}'");
}

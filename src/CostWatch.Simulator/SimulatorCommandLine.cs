using System.Globalization;

namespace CostWatch.Simulator;

/// <summary>Reads the simulator's command line into <see cref="SimulatorOptions"/>, naming the option of every mistake.</summary>
internal static class SimulatorCommandLine
{
    public const string Usage = """
        usage: CostWatch.Simulator [options]
          --protocol grpc|http      OTLP transport (default grpc)
          --endpoint URL            CostWatch's OTLP endpoint (default http://localhost:4317 for grpc,
                                    http://localhost:4318 for http; /v1/traces is appended for http)
          --scenario NAME           steady (default), loops, tool-failures, context-pressure, slow-runs, silent-agent
          --rate N                  coordinator runs started per second (default 0.2; 20-40 spans each)
          --duration D              how long to start runs, e.g. 90s, 15m, 2h (default: until Ctrl+C)
          --speed N                 play runs N times faster than their spans say (default 1)
          --seed N                  seed for sessions, models, tokens and durations (default random)
          --environment NAME        deployment.environment.name of the fleet (default demo)
          --token TOKEN             ingest bearer token (CostWatch:Auth:IngestTokens)
          --help                    this text
        """;

    private static readonly Dictionary<string, Scenario> Scenarios = new(StringComparer.Ordinal)
    {
        ["steady"] = Scenario.Steady,
        ["loops"] = Scenario.Loops,
        ["tool-failures"] = Scenario.ToolFailures,
        ["context-pressure"] = Scenario.ContextPressure,
        ["slow-runs"] = Scenario.SlowRuns,
        ["silent-agent"] = Scenario.SilentAgent,
    };

    /// <summary>The command-line name of a scenario (<c>tool-failures</c>).</summary>
    public static string NameOf(Scenario scenario) => Scenarios.Single(s => s.Value == scenario).Key;

    /// <summary>The options, or null when <c>--help</c> was asked for.</summary>
    /// <exception cref="SimulatorUsageException">An unknown option, a missing or invalid value.</exception>
    public static SimulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return null;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new SimulatorUsageException($"{name} needs a value");
            options = name switch
            {
                "--protocol" => options with { Protocol = ParseProtocol(value) },
                "--endpoint" => options with { Endpoint = ParseEndpoint(value) },
                "--scenario" => options with
                {
                    Scenario = Scenarios.TryGetValue(value, out var scenario)
                        ? scenario
                        : throw new SimulatorUsageException(
                            $"--scenario must be one of {string.Join(", ", Scenarios.Keys)}, was '{value}'"),
                },
                "--rate" => options with { Rate = ParseNumber(name, value, min: 0.001, max: 1000) },
                "--duration" => options with { Duration = ParseDuration(name, value) },
                "--speed" => options with { Speed = ParseNumber(name, value, min: 1, max: 1000) },
                "--seed" => options with
                {
                    Seed = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                        ? seed
                        : throw new SimulatorUsageException($"--seed must be a whole number, was '{value}'"),
                },
                "--environment" => options with { Environment = NonEmpty(name, value) },
                "--token" => options with { Token = NonEmpty(name, value) },
                _ => throw new SimulatorUsageException($"unknown option '{name}'"),
            };
        }

        return options;
    }

    /// <summary><c>500ms</c>, <c>90s</c>, <c>15m</c>, <c>2h</c>: a positive number and a unit.</summary>
    public static TimeSpan ParseDuration(string name, string value)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal)
            ? (value[..^2], 0.001)
            : value.Length > 1 && value[^1] is 's' or 'm' or 'h'
                ? (value[..^1], value[^1] switch { 's' => 1.0, 'm' => 60.0, _ => 3600.0 })
                : (value, double.NaN);
        if (double.IsNaN(unit))
        {
            throw new SimulatorUsageException($"{name} needs a unit (ms, s, m or h), e.g. 90s or 15m; was '{value}'");
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || !double.IsFinite(amount) || amount <= 0 || amount * unit > TimeSpan.FromDays(365).TotalSeconds)
        {
            throw new SimulatorUsageException($"{name} must be a positive duration of at most a year, e.g. 90s or 15m; was '{value}'");
        }

        return TimeSpan.FromSeconds(amount * unit);
    }

    /// <summary>A duration the way the command line writes it: <c>2h</c>, <c>15m</c>, <c>90s</c>, <c>0.5s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0}h")
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0}m")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new SimulatorUsageException($"--endpoint must be an http:// or https:// URL, was '{value}'");

    private static ExportProtocol ParseProtocol(string value) => value switch
    {
        "grpc" => ExportProtocol.Grpc,
        "http" or "http/protobuf" => ExportProtocol.Http,
        _ => throw new SimulatorUsageException($"--protocol must be grpc or http, was '{value}'"),
    };

    private static double ParseNumber(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && number >= min && number <= max
            ? number
            : throw new SimulatorUsageException(
                $"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, was '{value}'");

    private static string NonEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new SimulatorUsageException($"{name} must not be empty") : value;
}

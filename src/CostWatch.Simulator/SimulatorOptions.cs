namespace CostWatch.Simulator;

/// <summary>What the simulator sends, where, and how fast; the command line's options (<see cref="SimulatorCommandLine"/>).</summary>
internal sealed record SimulatorOptions
{
    public ExportProtocol Protocol { get; init; } = ExportProtocol.Grpc;

    /// <summary>
    /// CostWatch's OTLP endpoint; null for the protocol's default port on localhost. For HTTP a base address
    /// (<c>http://host:4318</c>) gets <c>/v1/traces</c> appended; an address with a path is used as it is.
    /// </summary>
    public Uri? Endpoint { get; init; }

    public Scenario Scenario { get; init; } = Scenario.Steady;

    /// <summary>Coordinator runs started per second; each run is 20 to 40 spans.</summary>
    public double Rate { get; init; } = 0.2;

    /// <summary>How long new runs are started; runs in flight then finish. Null: until stopped.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// How many times faster than real time runs are played (1 or more). Span timestamps keep the durations
    /// the plan says; they are moved back so that no span ends later than it is sent.
    /// </summary>
    public double Speed { get; init; } = 1;

    /// <summary>Seed of the plan's randomness (sessions, models, tokens, durations); null for a random one.</summary>
    public int? Seed { get; init; }

    /// <summary>The resource attribute <c>deployment.environment.name</c>.</summary>
    public string Environment { get; init; } = "demo";

    /// <summary>A CostWatch ingest token (<c>CostWatch:Auth:IngestTokens</c>), sent as a bearer token; null for none.</summary>
    public string? Token { get; init; }

    /// <summary>The endpoint the exporter sends to: for HTTP the traces path when the address has none.</summary>
    public Uri ExportEndpoint()
    {
        var endpoint = Endpoint ?? new Uri(Protocol == ExportProtocol.Http ? "http://localhost:4318" : "http://localhost:4317");
        return Protocol == ExportProtocol.Http && endpoint.AbsolutePath is "" or "/"
            ? new Uri(endpoint, "/v1/traces")
            : endpoint;
    }
}

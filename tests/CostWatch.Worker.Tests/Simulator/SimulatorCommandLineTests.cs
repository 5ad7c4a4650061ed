using CostWatch.Simulator;

namespace CostWatch.Worker.Tests.Simulator;

/// <summary>The simulator's command line: defaults, every option, and errors that name the option.</summary>
public sealed class SimulatorCommandLineTests
{
    [Fact]
    public void NoArguments_SendSteadyTrafficOverGrpcToLocalhost()
    {
        var options = SimulatorCommandLine.Parse([])!;

        Assert.Equal(ExportProtocol.Grpc, options.Protocol);
        Assert.Equal(new Uri("http://localhost:4317"), options.ExportEndpoint());
        Assert.Equal(Scenario.Steady, options.Scenario);
        Assert.Equal(0.2, options.Rate);
        Assert.Null(options.Duration);
        Assert.Equal(1, options.Speed);
        Assert.Null(options.Token);
    }

    [Theory]
    [InlineData(new[] { "--protocol", "http" }, "http://localhost:4318/v1/traces")]
    [InlineData(new[] { "--endpoint", "http://costwatch:4318", "--protocol", "http" }, "http://costwatch:4318/v1/traces")]
    [InlineData(new[] { "--protocol", "http/protobuf", "--endpoint", "https://gw.example/otlp/v1/traces" }, "https://gw.example/otlp/v1/traces")]
    [InlineData(new[] { "--endpoint", "http://costwatch:4317" }, "http://costwatch:4317/")]
    public void Endpoint_FollowsTheProtocol_AndGetsTheTracesPathForHttp(string[] args, string expected)
    {
        Assert.Equal(new Uri(expected), SimulatorCommandLine.Parse(args)!.ExportEndpoint());
    }

    [Fact]
    public void EveryOption_IsRead()
    {
        var options = SimulatorCommandLine.Parse(
        [
            "--scenario", "context-pressure", "--rate", "2.5", "--duration", "90s", "--speed", "10", "--seed", "7",
            "--environment", "staging", "--token", "s3cret",
        ])!;

        Assert.Equal(Scenario.ContextPressure, options.Scenario);
        Assert.Equal(2.5, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Duration);
        Assert.Equal(10, options.Speed);
        Assert.Equal(7, options.Seed);
        Assert.Equal("staging", options.Environment);
        Assert.Equal("s3cret", options.Token);
    }

    [Theory]
    [InlineData("steady", nameof(Scenario.Steady))]
    [InlineData("loops", nameof(Scenario.Loops))]
    [InlineData("tool-failures", nameof(Scenario.ToolFailures))]
    [InlineData("context-pressure", nameof(Scenario.ContextPressure))]
    [InlineData("slow-runs", nameof(Scenario.SlowRuns))]
    [InlineData("silent-agent", nameof(Scenario.SilentAgent))]
    public void EveryScenario_HasItsName(string name, string scenarioName)
    {
        var scenario = Enum.Parse<Scenario>(scenarioName);
        Assert.Equal(scenario, SimulatorCommandLine.Parse(["--scenario", name])!.Scenario);
        Assert.Equal(name, SimulatorCommandLine.NameOf(scenario));
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1.5m", 90)]
    public void Durations_TakeAUnit(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SimulatorCommandLine.ParseDuration("--duration", text));
    }

    [Theory]
    [InlineData(7200, "2h")]
    [InlineData(900, "15m")]
    [InlineData(90, "90s")]
    [InlineData(0.5, "0.5s")]
    public void Durations_AreWrittenAsTheyAreTyped(double seconds, string text)
    {
        Assert.Equal(text, SimulatorCommandLine.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(new[] { "--protocol", "udp" }, "--protocol must be grpc or http, was 'udp'")]
    [InlineData(new[] { "--endpoint", "costwatch:4317" }, "--endpoint must be an http:// or https:// URL")]
    [InlineData(new[] { "--scenario", "chaos" }, "--scenario must be one of steady, loops, tool-failures, context-pressure, slow-runs, silent-agent, was 'chaos'")]
    [InlineData(new[] { "--rate", "0" }, "--rate must be a number from 0.001 to 1000, was '0'")]
    [InlineData(new[] { "--rate", "fast" }, "--rate must be a number")]
    [InlineData(new[] { "--duration", "90" }, "--duration needs a unit (ms, s, m or h)")]
    [InlineData(new[] { "--duration", "-5m" }, "--duration must be a positive duration")]
    [InlineData(new[] { "--speed", "0.5" }, "--speed must be a number from 1 to 1000")]
    [InlineData(new[] { "--seed", "x" }, "--seed must be a whole number, was 'x'")]
    [InlineData(new[] { "--environment", " " }, "--environment must not be empty")]
    [InlineData(new[] { "--rate" }, "--rate needs a value")]
    [InlineData(new[] { "--verbose", "yes" }, "unknown option '--verbose'")]
    public void BadArguments_AreRefused_NamingTheOption(string[] args, string message)
    {
        var error = Assert.Throws<SimulatorUsageException>(() => SimulatorCommandLine.Parse(args));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_AsksForTheUsage()
    {
        Assert.Null(SimulatorCommandLine.Parse(["--scenario", "loops", "--help"]));
    }
}

using CostWatch.Simulator;

namespace CostWatch.Worker.Tests.Simulator;

/// <summary>The simulator (<see cref="FleetSimulator"/>, in the test's process) sending to a worker until disposed.</summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly FleetSimulator _simulator;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SimulatedFleet(FleetSimulator simulator)
    {
        _simulator = simulator;
        _running = simulator.RunAsync(_stop.Token);
    }

    public SimulatorProgress Progress => _simulator.Progress;

    /// <summary>
    /// OTLP/gRPC to <paramref name="grpcUrl"/>, 8 runs a second, 20 times faster than real time (a 40-s slow run takes
    /// 2 s), for longer than any test watches, except that the silent agent goes quiet 5 s in (a quarter of 20 s).
    /// </summary>
    public static SimulatedFleet Start(string grpcUrl, Scenario scenario) => new(new FleetSimulator(new SimulatorOptions
    {
        Protocol = ExportProtocol.Grpc,
        Endpoint = new Uri(grpcUrl),
        Scenario = scenario,
        Rate = 8,
        Duration = TimeSpan.FromSeconds(scenario == Scenario.SilentAgent ? 20 : 90),
        Speed = 20,
        Seed = 5,
    }, TimeProvider.System));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _simulator.Dispose();
        _stop.Dispose();
    }
}

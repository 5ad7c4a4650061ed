using System.Runtime.InteropServices;
using CostWatch.Simulator;

// The demo agent fleet: CostWatch.Simulator [--protocol grpc|http] [--endpoint URL] [--scenario NAME] [--rate N]
// [--duration D] ... (SimulatorCommandLine.Usage). Exit codes: 0 every span sent was acknowledged, 1 some were not,
// 2 bad arguments.
SimulatorOptions? options;
try
{
    options = SimulatorCommandLine.Parse(args);
}
catch (SimulatorUsageException e)
{
    Console.Error.WriteLine($"simulator: {e.Message}");
    Console.Error.WriteLine(SimulatorCommandLine.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(SimulatorCommandLine.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
// Ctrl+C and `docker stop` (SIGTERM) end the run; what the SDK holds is still flushed.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

using var simulator = new FleetSimulator(options, TimeProvider.System);
Console.WriteLine($"simulator: scenario {SimulatorCommandLine.NameOf(options.Scenario)}, {options.Rate:0.###} runs/s"
    + (options.Duration is { } duration ? $" for {SimulatorCommandLine.Format(duration)}" : " until stopped")
    + $", OTLP/{(options.Protocol == ExportProtocol.Http ? "HTTP" : "gRPC")} to {options.ExportEndpoint()}");

using var reporting = new CancellationTokenSource();
var reporter = ProgressReporter.RunAsync(simulator, Console.Out, interactive: !Console.IsOutputRedirected, reporting.Token);
var result = await simulator.RunAsync(stop.Token);
await reporting.CancelAsync();
await reporter;
Console.WriteLine($"simulator: done  {result}");
if (result.SpansUnanswered > 0 || result.SpansFailed > 0)
{
    Console.Error.WriteLine($"simulator: {result.SpansFailed + result.SpansUnanswered:N0} spans were not acknowledged by CostWatch");
    return 1;
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

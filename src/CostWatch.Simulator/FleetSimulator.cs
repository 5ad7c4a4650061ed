using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CostWatch.Simulator;

/// <summary>
/// The demo agent fleet: starts coordinator runs at <see cref="SimulatorOptions.Rate"/> for
/// <see cref="SimulatorOptions.Duration"/> and plays each through the OpenTelemetry SDK to CostWatch. The command
/// line's core, callable from tests in the same process.
/// </summary>
internal sealed class FleetSimulator : IDisposable
{
    /// <summary>Spans the SDK queues before it drops; a few seconds of the fastest rate.</summary>
    private const int MaxQueuedSpans = 65_536;

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ScenarioProfile _profile;
    private readonly ExportCounters _counters = new();
    private readonly ActivitySource _source;
    private readonly TracerProvider _provider;
    private readonly long _startedAt;

    public FleetSimulator(SimulatorOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _profile = ScenarioProfile.For(options.Scenario);
        // The SDK listens to sources by name, process-wide: a name of its own keeps two simulators in one process
        // (tests) from exporting each other's spans.
        _source = new ActivitySource($"CostWatch.Simulator.{Guid.NewGuid():N}", "1.0.0");
        var exporterOptions = new OtlpExporterOptions
        {
            Endpoint = options.ExportEndpoint(),
            Protocol = options.Protocol == ExportProtocol.Http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
            TimeoutMilliseconds = 10_000,
        };
        if (options.Token is not null)
        {
            exporterOptions.Headers = $"Authorization=Bearer {options.Token}";
        }

        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes(
            [
                new("service.name", "demo-agent-fleet"),
                new("service.version", "2.4.0"),
                new("deployment.environment.name", options.Environment),
            ]))
            .SetSampler(new AlwaysOnSampler())
            .AddSource(_source.Name)
            .AddProcessor(new BatchActivityExportProcessor(new AcknowledgedOtlpExporter(exporterOptions, _counters),
                maxQueueSize: MaxQueuedSpans, scheduledDelayMilliseconds: 1_000, exporterTimeoutMilliseconds: 30_000,
                maxExportBatchSize: 1_024))
            .Build()!;
        _startedAt = time.GetTimestamp();
    }

    public SimulatorProgress Progress => _counters.Snapshot(_time.GetElapsedTime(_startedAt));

    /// <summary>
    /// Starts runs until the duration is over (or, without one, until <paramref name="cancellationToken"/>
    /// fires), lets the runs in flight finish, and flushes the SDK. Cancelling stops at once: runs in flight
    /// send nothing more, and what the SDK holds is flushed.
    /// </summary>
    public async Task<SimulatorProgress> RunAsync(CancellationToken cancellationToken)
    {
        var random = _options.Seed is { } seed ? new Random(seed) : new Random();
        var sessions = new SessionPool(random);
        var planner = new RunPlanner(random, _profile);
        var player = new RunPlayer(_source, _time, _options.Speed, _counters);
        var silentAfter = SilentAfter(_options.Duration);
        var start = _time.GetUtcNow();
        var running = new List<Task>();
        for (long run = 0; !cancellationToken.IsCancellationRequested; run++)
        {
            var due = TimeSpan.FromSeconds(run / _options.Rate);
            if (due >= _options.Duration)
            {
                break;
            }

            var wait = start + due - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            var (session, turn) = sessions.Next();
            var plan = planner.Plan(session, turn, reviewerSilent: _profile.SilentAgent is not null && due >= silentAfter);
            _counters.RunStarted();
            running.Add(Task.Run(() => player.PlayAsync(plan, cancellationToken), CancellationToken.None));
            await ReapAsync(running);
        }

        await Task.WhenAll(running);
        // What is still unanswered after this shows as unanswered: spans the SDK dropped, or exports still hanging.
        _provider.ForceFlush(60_000);
        _counters.WaitUntilAnswered(TimeSpan.FromSeconds(60));
        return Progress;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    /// <summary>
    /// When the silent agent stops reporting: after a quarter of the duration, at most a minute in, so that it is
    /// a known agent first and then silent for most of the run.
    /// </summary>
    internal static TimeSpan SilentAfter(TimeSpan? duration) =>
        duration is { } d && d / 4 < TimeSpan.FromMinutes(1) ? d / 4 : TimeSpan.FromMinutes(1);

    /// <summary>Forgets finished runs, rethrowing the failure of one that failed.</summary>
    private static async Task ReapAsync(List<Task> running)
    {
        foreach (var task in running.Where(task => task.IsFaulted).ToList())
        {
            await task;
        }

        running.RemoveAll(task => task.IsCompleted);
    }
}

using System.Diagnostics;
using CostWatch.Simulator;
using CostWatch.Worker.Tests.DemoStack;
using CostWatch.Worker.Tests.Hosting;
using CostWatch.Worker.Tests.Notifications;

namespace CostWatch.Worker.Tests.Simulator;

/// <summary>
/// The simulator against a real worker over both OTLP transports: every span acknowledged and stored, children
/// ending and arriving before their runs, every call attributed to its agent, sessions over several runs, four
/// providers with cache and reasoning tokens. And the program itself: its progress line and exit codes.
/// </summary>
public sealed class FleetSimulatorTests
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Fleet_ArrivesWhole_AsRealAgentTraces(string protocol)
    {
        await using var worker = await WorkerHost.StartAsync();
        var http = protocol == "http";
        using var simulator = new FleetSimulator(new SimulatorOptions
        {
            Protocol = http ? ExportProtocol.Http : ExportProtocol.Grpc,
            Endpoint = new Uri(http ? worker.HttpUrl : worker.GrpcUrl),
            Rate = 6,
            Duration = TimeSpan.FromSeconds(3),
            Speed = 20,
            Seed = 3,
        }, TimeProvider.System);

        var result = await simulator.RunAsync(CancellationToken.None);

        Assert.Equal(result.RunsStarted, result.RunsCompleted);
        Assert.True(result.SpansSent > 200, result.ToString());
        Assert.Equal(result.SpansSent, result.SpansAcknowledged);
        Assert.Equal(0, result.SpansFailed);
        var stored = await Scalar(worker, "SELECT (SELECT count(*) FROM llm_calls) + (SELECT count(*) FROM agent_runs) + (SELECT count(*) FROM tool_calls)");
        Assert.Equal(result.SpansSent, stored);
        Assert.Equal(result.RunsCompleted, await Scalar(worker, "SELECT count(*) FROM agent_runs WHERE agent_name = 'coordinator'"));

        // Each call ended, and reached CostWatch, no later than its run: the SDK exported it first.
        Assert.Equal(0, await Scalar(worker, """
            SELECT count(*) FROM llm_calls c JOIN agent_runs r ON r.trace_id = c.trace_id AND r.span_id = c.run_span_id
            WHERE c.end_time > r.end_time OR c.received_at > r.received_at
            """));
        // Every call found its agent run, the subagent's where there is one.
        await Eventually.GetAsync(() => Scalar(worker, "SELECT count(*) FROM llm_calls WHERE attribution <> 2"), pending => pending == 0,
            "every LLM call to inherit its agent from its run");
        Assert.Equal(["coordinator", "researcher", "reviewer", "writer"],
            (await worker.QueryAsync("SELECT DISTINCT agent_name FROM llm_calls ORDER BY agent_name")).Select(row => (string)row[0]));
        Assert.True(await Scalar(worker, """
            SELECT count(*) FROM (SELECT session_id FROM agent_runs WHERE agent_name = 'coordinator'
                                  GROUP BY session_id HAVING count(*) > 1) s
            """) > 0, "no session spans several runs");
        Assert.True(await Scalar(worker, "SELECT count(DISTINCT provider) FROM llm_calls") >= 4);
        Assert.True(await Scalar(worker, "SELECT count(*) FROM llm_calls WHERE cache_read_tokens > 0") > 0);
        Assert.True(await Scalar(worker, "SELECT count(*) FROM llm_calls WHERE cache_write_tokens > 0") > 0);
        Assert.True(await Scalar(worker, "SELECT count(*) FROM llm_calls WHERE reasoning_tokens > 0") > 0);
        Assert.Equal(0, await Scalar(worker, "SELECT count(*) FROM llm_calls WHERE cost_source = 0"));
    }

    /// <summary>
    /// A CI run under load reported spans sent but not acknowledged although the collector answered every export:
    /// the SDK's ForceFlush returns once the last batch has left its queue, before that batch is answered.
    /// </summary>
    [Fact]
    public async Task Run_ReportsOnlyAfterTheLastExportIsAnswered_HoweverSlowlyTheCollectorAnswers()
    {
        // A real HTTP server in the collector's place, answering each export (200, an empty export response) late.
        await using var collector = await WebhookReceiver.StartAsync();
        collector.Answer = (_, _) => new WebhookAnswer(200, Hold: Task.Delay(TimeSpan.FromSeconds(2)));
        using var simulator = new FleetSimulator(new SimulatorOptions
        {
            Protocol = ExportProtocol.Http,
            Endpoint = new Uri($"http://127.0.0.1:{collector.Port}"),
            Rate = 5,
            Duration = TimeSpan.FromSeconds(1),
            Speed = 50,
            Seed = 4,
        }, TimeProvider.System);

        var result = await simulator.RunAsync(CancellationToken.None);

        Assert.True(result.SpansSent > 0, result.ToString());
        Assert.Equal(result.SpansSent, result.SpansAcknowledged);
        Assert.NotEmpty(collector.Requests);
    }

    [Fact]
    public async Task Program_PrintsProgress_AndExitsZeroWhenEverySpanWasAcknowledged()
    {
        await using var worker = await WorkerHost.StartAsync();

        var (exitCode, output) = await RunProgramAsync("--protocol", "http", "--endpoint", worker.HttpUrl, "--rate", "5",
            "--duration", "2s", "--speed", "20", "--scenario", "tool-failures");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"simulator: scenario tool-failures, 5 runs/s for 2s, OTLP/HTTP to {worker.HttpUrl}/v1/traces", output, StringComparison.Ordinal);
        Assert.Matches(@"simulator: done  \d+s  runs 10 started, 10 completed  spans (?<n>[\d,]+) sent, \k<n> acknowledged, 0 failed", output);
    }

    [Fact]
    public async Task Program_WithNobodyListening_ExitsOne()
    {
        var (exitCode, output) = await RunProgramAsync("--endpoint", $"http://127.0.0.1:{TestSupport.FreePort.Next()}",
            "--rate", "5", "--duration", "1s", "--speed", "50");

        Assert.True(exitCode == 1, output);
        Assert.Contains("spans were not acknowledged by CostWatch", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_WithABadArgument_ExitsTwo_NamingIt()
    {
        var (exitCode, output) = await RunProgramAsync("--scenario", "chaos");

        Assert.Equal(2, exitCode);
        Assert.Contains("--scenario must be one of", output, StringComparison.Ordinal);
        Assert.Contains("usage: CostWatch.Simulator", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The simulator's own build output (same configuration as the tests): not the copy beside the tests, which
    /// resolves its dependencies against the test project's (ASP.NET Core's shared framework among them).
    /// </summary>
    private static string SimulatorDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = RepositoryFiles.PathOf(Path.Combine("src", "CostWatch.Simulator", "bin", output.Parent!.Name, output.Name, "CostWatch.Simulator.dll"));
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found: build the simulator first");
    }

    private static async Task<long> Scalar(WorkerHost worker, string sql) => Convert.ToInt64((await worker.QueryAsync(sql))[0][0]);

    private static async Task<(int ExitCode, string Output)> RunProgramAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SimulatorDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

using System.Diagnostics;
using System.Net;
using CostWatch.TestSupport;

namespace CostWatch.Benchmarks.Ingest;

/// <summary>
/// The worker binary in a process of its own, as deployed: <c>dotnet CostWatch.Worker.dll</c> from the
/// benchmark's build output (Release), on loopback ports, logging warnings only. Its last lines of output are
/// kept for error messages and for warnings worth reporting.
/// </summary>
internal sealed class WorkerUnderTest : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private const int KeptLines = 200;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private int _lines;

    private WorkerUnderTest(Process process, Uri httpUrl)
    {
        _process = process;
        HttpUrl = httpUrl;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri HttpUrl { get; }

    public int ProcessId => _process.Id;

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "CostWatch.Worker.dll");

    /// <summary>How many lines the worker wrote (at warning level and above) and the last of them.</summary>
    public (int Count, string Last) Output
    {
        get
        {
            lock (_lastLines)
            {
                return (_lines, string.Join(Environment.NewLine, _lastLines));
            }
        }
    }

    /// <summary>Starts the worker on <paramref name="connectionString"/> and waits until <c>/readyz</c> answers 200.</summary>
    /// <param name="settings">More command-line settings, <c>--Key=Value</c>.</param>
    public static async Task<WorkerUnderTest> StartAsync(string provider, string connectionString, string workingDirectory,
        CancellationToken cancellationToken, IReadOnlyList<string>? settings = null)
    {
        if (!File.Exists(WorkerDll) || !File.Exists(Path.ChangeExtension(WorkerDll, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"{WorkerDll} or its runtimeconfig.json is missing: build the benchmark in Release first.");
        }

        // A free port can be taken before the worker binds it; the worker then exits and another pair is tried.
        for (var attempt = 1; ; attempt++)
        {
            var worker = Launch(provider, connectionString, workingDirectory, settings ?? []);
            try
            {
                await worker.WaitUntilReadyAsync(cancellationToken);
                return worker;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && worker._process.HasExited)
            {
                await worker.DisposeAsync();
            }
            catch
            {
                await worker.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGTERM, so the worker shuts down as it would in production; SIGKILL if it does not within 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static WorkerUnderTest Launch(string provider, string connectionString, string workingDirectory, IReadOnlyList<string> settings)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        string[] args =
        [
            WorkerDll,
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--CostWatch:Storage:Provider={provider}",
            $"--ConnectionStrings:CostWatch={connectionString}",
            .. settings,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new WorkerUnderTest(process, new Uri($"http://127.0.0.1:{httpPort}"));
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = HttpUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with {_process.ExitCode}:\n{Output.Last}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening or not answering yet.
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"the worker did not become ready within {ReadyTimeout}:\n{Output.Last}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lines++;
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}

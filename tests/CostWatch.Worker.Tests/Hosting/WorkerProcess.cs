using System.Diagnostics;
using System.Text;
using CostWatch.TestSupport;

namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// The worker binary in a process of its own, for what only a separate process shows: being killed, refusing
/// to start, commands, settings only the process's environment carries (<c>SSL_CERT_FILE</c>). Runs the build output
/// next to the tests with <c>dotnet CostWatch.Worker.dll</c>.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>Launches after the first whose ports another process took between <see cref="FreePort"/> and the bind.</summary>
    private const int MaxRelaunches = 3;

    private readonly StringBuilder _output = new();
    private readonly string[] _settings;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Func<int> _nextPort;
    private Process _process;

    /// <summary>Where the current launch's output begins in <see cref="Output"/>, which keeps earlier launches' too.</summary>
    private int _launchOutputStart;

    private WorkerProcess(string[] settings, IReadOnlyDictionary<string, string> environment, bool listens,
        Func<int>? nextPort = null)
    {
        _settings = settings;
        _environment = environment;
        _nextPort = nextPort ?? FreePort.Next;
        _process = Launch(listens);
    }

    public string HttpUrl { get; private set; } = "";

    public string GrpcUrl { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "CostWatch.Worker.dll");

    /// <summary>Starts the worker on <paramref name="connectionString"/> (SQLite unless a provider is given).</summary>
    public static WorkerProcess Start(string connectionString, string provider = "Sqlite", params string[] extraArgs) =>
        Start(connectionString, provider, new Dictionary<string, string>(), extraArgs);

    /// <summary>As <see cref="Start(string, string, string[])"/>, with <paramref name="environment"/> added to the process's environment.</summary>
    public static WorkerProcess Start(string connectionString, string provider, IReadOnlyDictionary<string, string> environment,
        params string[] extraArgs) =>
        new(Settings(connectionString, provider, extraArgs), environment, listens: true);

    /// <summary>A SQLite worker whose first ports are <paramref name="ports"/> (HTTP, then gRPC); any later ones are free ports.</summary>
    public static WorkerProcess StartOnPorts(string connectionString, params int[] ports)
    {
        var given = new Queue<int>(ports);
        return new WorkerProcess(Settings(connectionString, "Sqlite", []), new Dictionary<string, string>(), listens: true,
            () => given.TryDequeue(out var port) ? port : FreePort.Next());
    }

    /// <summary>Runs a command of the worker binary (for example <c>migrate</c>) to completion.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        using var process = new WorkerProcess(args, new Dictionary<string, string>(), listens: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>
    /// Waits until <c>/readyz</c> answers 200; fails with the worker's output if it exits first. A worker that could
    /// not bind its ports (taken by another process since <see cref="FreePort"/> found them free) is launched again on
    /// other ports, so <see cref="HttpUrl"/> and <see cref="GrpcUrl"/> are only final once this returns.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var relaunches = 0;
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                if (relaunches < MaxRelaunches && Output[_launchOutputStart..].Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    relaunches++;
                    _process.Dispose();
                    _process = Launch(listens: true);
                    continue;
                }

                throw new Xunit.Sdk.XunitException($"The worker exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(HttpUrl), "/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"The worker did not become ready:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to exit on its own (for start-up refusals).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what survives is what was durable.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static string[] Settings(string connectionString, string provider, string[] extraArgs) =>
    [
        $"--CostWatch:Storage:Provider={provider}",
        $"--ConnectionStrings:CostWatch={connectionString}",
        $"--CostWatch:Storage:RawRetention={WorkerHost.TestRetention}",
        .. extraArgs,
    ];

    /// <summary>Starts the binary with the settings; one that <paramref name="listens"/> gets two fresh ports.</summary>
    private Process Launch(bool listens)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(WorkerDll);
        _launchOutputStart = Output.Length;
        if (listens)
        {
            HttpUrl = $"http://127.0.0.1:{_nextPort()}";
            GrpcUrl = $"http://127.0.0.1:{_nextPort()}";
            start.ArgumentList.Add($"--Kestrel:Endpoints:Http:Url={HttpUrl}");
            start.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url={GrpcUrl}");
        }

        foreach (var setting in _settings)
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

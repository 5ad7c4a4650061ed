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
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, int httpPort, int grpcPort)
    {
        _process = process;
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        GrpcUrl = $"http://127.0.0.1:{grpcPort}";
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string HttpUrl { get; }

    public string GrpcUrl { get; }

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
        params string[] extraArgs)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        string[] args =
        [
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            $"--CostWatch:Storage:Provider={provider}",
            $"--ConnectionStrings:CostWatch={connectionString}",
            $"--CostWatch:Storage:RawRetention={WorkerHost.TestRetention}",
            .. extraArgs,
        ];
        return new WorkerProcess(Launch(args, environment), httpPort, grpcPort);
    }

    /// <summary>Runs a command of the worker binary (for example <c>migrate</c>) to completion.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        using var process = new WorkerProcess(Launch(args, new Dictionary<string, string>()), 0, 0);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200; fails with the worker's output if it exits first.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(HttpUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"The worker exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
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

    private static Process Launch(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(WorkerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
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

using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CostWatch.TestSupport;

/// <summary>
/// A real Prometheus server (<c>prometheus</c> from Debian's package of the same name, which also brings
/// promtool and which <c>scripts/test.sh</c> installs) in a temporary directory on a free loopback port, killed
/// and deleted on dispose. Its service is never started; this is a process of the test's own.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    internal const string UnavailableReason = "prometheus not found on the PATH: install Debian's prometheus package (scripts/test.sh does)";

    private static readonly Lazy<string?> Binary = new(() => FindOnPath("prometheus"), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static bool IsAvailable => Binary.Value is not null;

    /// <summary>Null when Prometheus tests must run: the binary is there, or <c>CI=true</c> (then a missing one fails).</summary>
    internal static string? SkipReason =>
        IsAvailable || Environment.GetEnvironmentVariable("CI") == "true" ? null : UnavailableReason;

    public string Url { get; }

    /// <summary>What the server logged so far, for failure messages.</summary>
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

    /// <summary>
    /// Starts Prometheus with <paramref name="configuration"/> as <c>prometheus.yml</c> and <paramref name="files"/>
    /// (paths relative to it, such as rule files) beside it, and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string configuration, IReadOnlyDictionary<string, string>? files = null)
    {
        var binary = Binary.Value ?? throw new InvalidOperationException(UnavailableReason);
        var directory = Directory.CreateTempSubdirectory("costwatch-prometheus-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), configuration);
        foreach (var (relativePath, content) in files ?? new Dictionary<string, string>())
        {
            var path = Path.Combine(directory, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content);
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                $"--config.file={Path.Combine(directory, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--web.enable-lifecycle",
            },
        };
        var server = new PrometheusServer(Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}"),
            directory, port);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query at the current time: the <c>data</c> of Prometheus' answer.</summary>
    public Task<JsonElement> QueryAsync(string promql) => GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");

    /// <summary>A GET of Prometheus' HTTP API; fails with Prometheus' error when it does not answer success.</summary>
    public async Task<JsonElement> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (!response.IsSuccessStatusCode || root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to {pathAndQuery}: {body}");
        }

        return root.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {_directory}: {e.Message}");
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Prometheus was not ready after 60 s:\n{Output}");
            }

            await Task.Delay(100);
        }
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

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}

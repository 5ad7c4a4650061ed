using System.Net;
using System.Net.Sockets;
using CostWatch.TestSupport;

namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// The harness that runs the worker binary in its own process: a port taken between <see cref="FreePort"/> and the
/// worker's bind (another test's server, an outgoing connection) must not fail the test that started it.
/// </summary>
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task AWorkerWhosePortWasTaken_IsLaunchedAgainOnOtherPorts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var directory = Directory.CreateTempSubdirectory("costwatch-relaunch-").FullName;

        using var worker = WorkerProcess.StartOnPorts($"Data Source={Path.Combine(directory, "costwatch.db")}", taken);
        await worker.WaitUntilReadyAsync();

        // The first launch failed to bind, the second listens elsewhere and answers.
        Assert.Contains("address already in use", worker.Output, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual($"http://127.0.0.1:{taken}", worker.HttpUrl);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}

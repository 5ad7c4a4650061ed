using System.Net;
using System.Net.Sockets;
using CostWatch.TestSupport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace CostWatch.Storage.Tests.TestSupport;

public sealed class LoopbackHttpServerTests
{
    [Fact]
    public async Task EveryRequest_IsAnsweredByTheHandler()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            await context.Response.WriteAsync(context.Request.Path);
        });
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/any/path"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/any/path", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AGivenPortThatIsTaken_FailsToStart_RatherThanListeningElsewhere()
    {
        // Tests bring a receiver back on the port the worker was configured with: another port would go unnoticed.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<IOException>(() => LoopbackHttpServer.StartAsync(_ => Task.CompletedTask, taken));

        Assert.IsType<AddressInUseException>(failure.InnerException);
    }
}

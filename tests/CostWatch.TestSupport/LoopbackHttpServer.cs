using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CostWatch.TestSupport;

/// <summary>
/// Kestrel on a loopback port, answering every request with one handler: the real HTTP receivers that tests and
/// benchmarks put at the other end of the worker's webhooks.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    /// <summary>Free ports tried before giving up, when none is given: another process may take one first.</summary>
    private const int MaxStartAttempts = 3;

    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts listening on <paramref name="port"/>, or on a free port (another one if it was taken meanwhile).</summary>
    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handler, int? port = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var listen = port ?? FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            // Not the appsettings.json of a worker built beside the caller, with its Kestrel endpoints.
            builder.Configuration.Sources.Clear();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, listen));
            var app = builder.Build();
            app.Run(handler);
            try
            {
                await app.StartAsync();
                return new LoopbackHttpServer(app, listen);
            }
            catch (Exception e)
            {
                // Whatever failed, the app that did not start is let go; only a free port found taken is tried again.
                await app.DisposeAsync();
                if (e is not IOException { InnerException: AddressInUseException } || port is not null || attempt >= MaxStartAttempts)
                {
                    throw;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

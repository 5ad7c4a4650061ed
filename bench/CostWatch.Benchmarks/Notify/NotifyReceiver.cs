using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CostWatch.Benchmarks.Notify;

/// <summary>
/// A healthy webhook receiver in the benchmark's process (Kestrel, loopback): notes when each notice arrived, its
/// delivery id and the alerts it reports, and answers 204 at once.
/// </summary>
internal sealed class NotifyReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(DateTime Arrived, string DeliveryId, string Fingerprint, string Status)> _arrivals = [];

    private NotifyReceiver(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}/hook";
    }

    public string Url { get; }

    public IReadOnlyList<(DateTime Arrived, string DeliveryId, string Fingerprint, string Status)> Arrivals
    {
        get
        {
            lock (_arrivals)
            {
                return [.. _arrivals];
            }
        }
    }

    public static async Task<NotifyReceiver> StartAsync()
    {
        var port = TestSupport.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new NotifyReceiver(app, port);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = DateTime.UtcNow;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var deliveryId = context.Request.Headers["Idempotency-Key"].ToString();
        lock (_arrivals)
        {
            foreach (var alert in body.RootElement.GetProperty("alerts").EnumerateArray())
            {
                _arrivals.Add((arrived, deliveryId, alert.GetProperty("fingerprint").GetString()!, alert.GetProperty("status").GetString()!));
            }
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}

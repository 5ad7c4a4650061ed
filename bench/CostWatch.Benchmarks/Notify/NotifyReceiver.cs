using System.Text.Json;
using CostWatch.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CostWatch.Benchmarks.Notify;

/// <summary>
/// A healthy webhook receiver in the benchmark's process (Kestrel, loopback): notes when each notice arrived, its
/// delivery id and the alerts it reports, and answers 204 at once.
/// </summary>
internal sealed class NotifyReceiver : IAsyncDisposable
{
    private readonly List<(DateTime Arrived, string DeliveryId, string Fingerprint, string Status)> _arrivals = [];
    private LoopbackHttpServer? _server;

    public string Url => $"http://127.0.0.1:{_server!.Port}/hook";

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
        var receiver = new NotifyReceiver();
        receiver._server = await LoopbackHttpServer.StartAsync(receiver.HandleAsync);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
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

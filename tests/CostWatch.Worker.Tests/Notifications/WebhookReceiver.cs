using CostWatch.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// A real HTTP receiver inside the test: Kestrel on a loopback port, recording every request (headers and body as
/// they arrived) and answering each as <see cref="Answer"/> says, so tests see exactly what a receiver would.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly List<ReceivedWebhook> _requests = [];
    private LoopbackHttpServer? _server;

    public int Port => _server!.Port;

    /// <summary>The URL to configure; its query string stands for a token that must never be logged.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook?token=query-secret";

    /// <summary>Decides each answer from the request and how many came before it (0 for the first).</summary>
    public Func<ReceivedWebhook, int, WebhookAnswer> Answer { get; set; } = (_, _) => WebhookAnswer.Ok;

    public IReadOnlyList<ReceivedWebhook> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts listening on <paramref name="port"/>, or on a free port.</summary>
    public static async Task<WebhookReceiver> StartAsync(int? port = null)
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackHttpServer.StartAsync(receiver.HandleAsync, port);
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
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var request = new ReceivedWebhook(context.Request.Path, context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
        int before;
        lock (_requests)
        {
            before = _requests.Count;
            _requests.Add(request);
        }

        var answer = Answer(request, before);
        if (answer.Hold is { } hold)
        {
            await hold.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (answer.Body is { } text)
        {
            await context.Response.WriteAsync(text);
        }
    }
}

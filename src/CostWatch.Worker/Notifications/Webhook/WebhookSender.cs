using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CostWatch.Core.Notifications;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>
/// Sends notices as HTTP POSTs: the body in the receiver's <c>Format</c>, with <c>Idempotency-Key</c> (the delivery id,
/// the same on every attempt), <c>X-CostWatch-Timestamp</c> and, with a <c>Secret</c>, <c>X-CostWatch-Signature</c>.
/// 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retried (honouring <c>Retry-After</c>); any
/// other answer is dead at once. Redirects are not followed (a POST would become a GET). Errors show the URL without
/// its query string, never the secret.
/// </summary>
internal sealed class WebhookSender(TimeProvider time, ILogger<WebhookSender> logger) : INoticeSender, IDisposable
{
    /// <summary>How much of a refusing receiver's answer an error quotes.</summary>
    private const int MaxQuotedBody = 200;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        // Receivers move (DNS); pooled connections are renewed now and then.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        // Each attempt is bounded by the receiver's own Timeout instead.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public string ReceiverType => ReceiverTypes.Webhook;

    /// <summary>Builds a body: format, notice, receiver name. Replaceable so tests can see the fallback of a body that fails.</summary>
    internal Func<string, Notice, string, byte[]> BuildBody { get; init; } = WebhookBodies.Build;

    public async Task<DeliveryOutcome> SendAsync(Notice notice, string receiverName, ReceiverOptions receiver,
        CancellationToken cancellationToken)
    {
        var url = new Uri(receiver.Url!);
        var body = Body(notice, receiverName, receiver.Format);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("CostWatch", "1"));
        request.Headers.Add("Idempotency-Key", notice.DeliveryId);
        request.Headers.Add("X-CostWatch-Timestamp", timestamp);
        if (!string.IsNullOrEmpty(receiver.Secret))
        {
            request.Headers.Add("X-CostWatch-Signature", WebhookSignature.Sign(receiver.Secret, timestamp, body));
        }

        using var timeout = new CancellationTokenSource(receiver.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome.Delivered();
            }

            var answer = $"{SafeUrl.Of(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}{await QuoteAsync(response, linked.Token)}";
            return IsRetried(response.StatusCode)
                ? new DeliveryOutcome.Retry(answer, RetryAfterHeader.Wait(response.Headers.RetryAfter, time.GetUtcNow()))
                : new DeliveryOutcome.Dead(answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry($"{SafeUrl.Of(url)} did not answer within {receiver.Timeout}", null);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome.Retry($"{SafeUrl.Of(url)} could not be reached: {e.Message}", null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The body in the receiver's format; when that fails, a plain body that carries the error instead.</summary>
    private byte[] Body(Notice notice, string receiverName, string format)
    {
        try
        {
            return BuildBody(format, notice, receiverName);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            Log.WebhookBodyFallback(logger, receiverName, format, e.Message);
            return FallbackWebhookBody.Build(notice, receiverName, format, e.Message);
        }
    }

    private static async Task<string> QuoteAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            if (text.Length == 0)
            {
                return "";
            }

            var quoted = text.Length <= MaxQuotedBody ? text : text[..MaxQuotedBody] + "…";
            return $": {new StringBuilder(quoted).Replace('\n', ' ').Replace('\r', ' ')}";
        }
        catch (HttpRequestException)
        {
            // The status says enough; an unreadable body adds nothing.
            return "";
        }
    }
}

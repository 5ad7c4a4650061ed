namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// How a <see cref="WebhookReceiver"/> answers a request: a status, optionally a <c>Retry-After</c> and a body; or, with
/// <see cref="Hold"/>, not at all until the task completes (a receiver that hangs).
/// </summary>
internal sealed record WebhookAnswer(int Status, string? RetryAfter = null, string? Body = null, Task? Hold = null)
{
    public static readonly WebhookAnswer Ok = new(200);
}

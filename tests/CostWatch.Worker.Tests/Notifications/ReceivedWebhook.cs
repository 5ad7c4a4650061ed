using System.Text;
using System.Text.Json;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>One request a <see cref="WebhookReceiver"/> got: its path and query, headers and body as sent.</summary>
internal sealed record ReceivedWebhook(string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public string IdempotencyKey => Header("Idempotency-Key");
}

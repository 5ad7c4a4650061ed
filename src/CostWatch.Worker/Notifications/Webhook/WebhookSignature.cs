using System.Security.Cryptography;
using System.Text;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary>
/// <c>X-CostWatch-Signature: sha256=&lt;hex&gt;</c>: HMAC-SHA256 keyed with the receiver's <c>Secret</c> over
/// <c>"&lt;X-CostWatch-Timestamp&gt;.&lt;body&gt;"</c>, lower-case hex. The timestamp is signed so a receiver can refuse
/// an old request replayed (Grafana signs <c>timestamp:body</c> the same way).
/// </summary>
internal static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}

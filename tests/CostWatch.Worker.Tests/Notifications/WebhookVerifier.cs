using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// Checks a webhook's signature the way a receiver is told to (README "Notifications"), written from the
/// documentation rather than from CostWatch's code: HMAC-SHA256 over "timestamp.body", compared in constant time,
/// refusing a timestamp more than five minutes off.
/// </summary>
internal static class WebhookVerifier
{
    public static bool Verify(ReceivedWebhook request, string secret, DateTimeOffset now)
    {
        var timestamp = request.Header("X-CostWatch-Timestamp");
        var signature = request.Header("X-CostWatch-Signature");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300 || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = Convert.ToHexString(hmac.ComputeHash(signed)).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature["sha256=".Length..]));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Message ids that make receivers dedupe and thread: a notice's <c>Message-Id</c> comes from its delivery id, so
/// every retry of it carries the same one, and each alert group of a receiver has a stable thread root that every
/// notice of the group references, so the group stays one thread even when an earlier notice was never seen.
/// </summary>
internal static class EmailThreading
{
    /// <summary>The right-hand side of every id CostWatch writes.</summary>
    public const string IdDomain = "costwatch";

    /// <summary>The <c>Message-Id</c> (without angle brackets) of the notice with <paramref name="deliveryId"/>.</summary>
    public static string MessageId(string deliveryId) => $"{IdLeft(deliveryId)}@{IdDomain}";

    /// <summary>The id (without angle brackets) that all notices of one alert group to one receiver reference.</summary>
    public static string ThreadRoot(string receiverName, string groupKey)
    {
        // The newline keeps ("a", "bc") and ("ab", "c") apart.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{receiverName}\n{groupKey}"));
        return $"group-{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{IdDomain}";
    }

    /// <summary>
    /// The delivery id as it is when it is a valid dot-atom (a GUID, a ULID), otherwise a hash of it, so any
    /// delivery id gives a syntactically valid and still stable id.
    /// </summary>
    private static string IdLeft(string deliveryId) =>
        IsDotAtom(deliveryId) ? deliveryId : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)).AsSpan(0, 16));

    private static bool IsDotAtom(string text)
    {
        if (text.Length == 0 || text.Length > 200 || text[0] == '.' || text[^1] == '.' || text.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '='))
            {
                return false;
            }
        }

        return true;
    }
}

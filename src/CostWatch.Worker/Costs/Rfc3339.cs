using System.Globalization;
using System.Text.RegularExpressions;

namespace CostWatch.Worker.Costs;

/// <summary>Times as the API reads and writes them: RFC 3339, written in UTC with a <c>Z</c>.</summary>
internal static partial class Rfc3339
{
    public const string Example = "2026-11-24T00:00:00Z";

    /// <summary>
    /// Parses an RFC 3339 date-time (<c>2026-11-24T10:00:00Z</c>, <c>2026-11-24T12:00:00.5+02:00</c>). A space where
    /// the offset's sign belongs is read as '+': an unencoded '+' in a query string arrives as a space.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = DateTime().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var offset = match.Groups["offset"].Value.ToUpperInvariant();
        var normalized = $"{match.Groups["date"].Value}T{match.Groups["time"].Value}" +
                         (fraction.Length > 0 ? "." + fraction[..Math.Min(fraction.Length, 7)] : "") +
                         (offset == "Z" ? "+00:00" : offset.Replace(' ', '+'));
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture);

    public static string FormatUnixSeconds(long seconds) => Format(DateTimeOffset.FromUnixTimeSeconds(seconds));

    public static string FormatUnixMicros(long micros) =>
        Format(DateTimeOffset.UnixEpoch.AddTicks(micros * 10));

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[Tt ](?<time>\d{2}:\d{2}:\d{2})(\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+\- ]\d{2}:\d{2})$")]
    private static partial Regex DateTime();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// A duration as the notification settings take it: Prometheus style (<c>30s</c>, <c>5m</c>, <c>4h</c>, <c>1h30m</c>,
/// <c>500ms</c>, <c>2d</c>) as in Alertmanager's configuration, or .NET's <c>hh:mm:ss</c> / <c>d.hh:mm:ss</c> like
/// every other duration key of CostWatch.
/// </summary>
internal static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration))
        {
            return true;
        }

        if (!Units().IsMatch(trimmed))
        {
            return false;
        }

        foreach (Match part in Part().Matches(trimmed))
        {
            var amount = long.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            duration += part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return true;
    }

    [GeneratedRegex(@"^(\d{1,9}(ms|s|m|h|d))+$")]
    private static partial Regex Units();

    [GeneratedRegex(@"(?<amount>\d{1,9})(?<unit>ms|s|m|h|d)")]
    private static partial Regex Part();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// Durations as the rules file writes them, after Prometheus: whole numbers with the units <c>d</c>, <c>h</c>,
/// <c>m</c>, <c>s</c> and <c>ms</c>, largest first, each at most once: <c>30s</c>, <c>5m</c>, <c>1h30m</c>,
/// <c>1d12h</c>. A bare <c>0</c> is zero; any other number needs a unit (is <c>30</c> seconds or minutes?).
/// </summary>
public static partial class RuleDuration
{
    /// <summary>Ten years: longer is a typo, and beyond what <see cref="TimeSpan"/> arithmetic on dates can take.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        decimal milliseconds = 0;
        foreach (var (group, unitMs) in Units)
        {
            var value = match.Groups[group];
            if (value.Success)
            {
                // At most 18 digits per unit (the pattern), so the sum stays far inside decimal.
                milliseconds += decimal.Parse(value.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) * unitMs;
            }
        }

        if (milliseconds > (decimal)Max.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds((long)milliseconds);
        return true;
    }

    /// <summary>The shortest spelling <see cref="TryParse"/> reads back as the same duration: <c>1h30m</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration.Duration();
        }

        var ms = (long)duration.TotalMilliseconds;
        foreach (var (unit, unitMs) in Units)
        {
            if (ms >= unitMs)
            {
                text.Append(CultureInfo.InvariantCulture, $"{ms / unitMs}{unit}");
                ms %= unitMs;
            }
        }

        return text.ToString();
    }

    private static readonly (string Unit, long Ms)[] Units =
        [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,18})d)?(?:(?<h>[0-9]{1,18})h)?(?:(?<m>[0-9]{1,18})m)?(?:(?<s>[0-9]{1,18})s)?(?:(?<ms>[0-9]{1,18})ms)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

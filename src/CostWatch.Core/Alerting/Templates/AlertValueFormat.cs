using System.Globalization;

namespace CostWatch.Core.Alerting.Templates;

/// <summary>
/// How annotation templates show numbers. Exact decimal arithmetic throughout: an amount of money is rounded once,
/// half away from zero, never through a binary float.
/// </summary>
public static class AlertValueFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The number as it is, without trailing zeros: <c>0.95</c>, <c>1200</c>.</summary>
    public static string Plain(decimal value) => value.ToString("0.############################", Invariant);

    /// <summary>
    /// A fraction as a percentage to two decimals, trailing zeros dropped: 0.0123 is <c>1.23%</c>, 0.5 is <c>50%</c>.
    /// A fraction too small for two decimals keeps two significant digits (<c>0.0042%</c>) rather than showing 0%.
    /// </summary>
    public static string Percent(decimal fraction) => Plain(RoundShowingSmall(fraction * 100m, 2)) + "%";

    /// <summary>
    /// US dollars to the cent with thousands separators: <c>$1,234.56</c>, <c>-$3.10</c>. An amount under a cent keeps
    /// two significant digits instead (<c>$0.0042</c>): a single call's cost is often a fraction of a cent.
    /// </summary>
    public static string Usd(decimal usd)
    {
        var sign = usd < 0 ? "-" : "";
        var amount = Math.Abs(usd);
        var text = amount is > 0m and < 0.01m
            ? Plain(RoundSignificant(amount, 2))
            : Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", Invariant);
        return $"{sign}${text}";
    }

    /// <summary>
    /// Seconds as Prometheus' <c>humanizeDuration</c> shows them: <c>2d 3h 4m 5s</c>, <c>1m 30s</c> (whole seconds
    /// from a minute up), <c>12.35s</c> (four significant digits below a minute), <c>412ms</c>, <c>1.5µs</c>.
    /// </summary>
    public static string HumanizeDuration(decimal seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        var sign = seconds < 0 ? "-" : "";
        var amount = Math.Abs(seconds);
        if (amount >= 60)
        {
            var whole = decimal.Truncate(amount);
            var days = decimal.Truncate(whole / 86_400);
            var hours = decimal.Truncate(whole / 3_600) % 24;
            var minutes = decimal.Truncate(whole / 60) % 60;
            var secs = whole % 60;
            return sign + (days > 0 ? $"{days}d {hours}h {minutes}m {secs}s"
                : hours > 0 ? $"{hours}h {minutes}m {secs}s"
                : $"{minutes}m {secs}s");
        }

        if (amount >= 1)
        {
            return $"{sign}{Plain(RoundSignificant(amount, 4))}s";
        }

        foreach (var unit in (string[])["ms", "µs"])
        {
            amount *= 1000;
            if (amount >= 1)
            {
                return $"{sign}{Plain(RoundSignificant(amount, 4))}{unit}";
            }
        }

        return $"{sign}{Plain(RoundSignificant(amount * 1000, 4))}ns";
    }

    /// <summary>Rounded to <paramref name="decimals"/> places, or to two significant digits if that would leave 0.</summary>
    private static decimal RoundShowingSmall(decimal value, int decimals)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return rounded == 0 && value != 0 ? RoundSignificant(value, 2) : rounded;
    }

    /// <summary><paramref name="value"/> rounded half away from zero to <paramref name="digits"/> significant digits (never fewer than its whole digits).</summary>
    private static decimal RoundSignificant(decimal value, int digits)
    {
        if (value == 0)
        {
            return 0;
        }

        // The power of ten of the leading digit: 0.0042 -> -3, 12.3 -> 1.
        var magnitude = Math.Abs(value);
        var exponent = 0;
        while (magnitude >= 10)
        {
            magnitude /= 10;
            exponent++;
        }

        while (magnitude < 1)
        {
            magnitude *= 10;
            exponent--;
        }

        var decimals = Math.Clamp(digits - 1 - exponent, 0, 28);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero);
    }
}

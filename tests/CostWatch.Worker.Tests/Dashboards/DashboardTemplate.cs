using System.Globalization;
using System.Text.RegularExpressions;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>
/// What Grafana does to a query before it sends it: template variables and macros substituted. Variables take
/// their "All" value (<c>.*</c>); PromQL intervals fixed values a test's data covers; SQL time macros the given range.
/// </summary>
internal static partial class DashboardTemplate
{
    private static readonly string[] FilterVariables = ["environment", "agent", "model"];

    public static string PromQl(string expression)
    {
        var text = expression
            .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$__interval", "15s", StringComparison.Ordinal)
            .Replace("$__range", "10m", StringComparison.Ordinal);
        text = Variables(text);
        return Unsubstituted().IsMatch(text)
            ? throw new Xunit.Sdk.XunitException($"A template variable or macro the test does not know is left in: {text}")
            : text;
    }

    public static string Sql(string query, DateTimeOffset from, DateTimeOffset to)
    {
        var fromSeconds = from.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var toSeconds = to.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var text = UnixEpochFilter().Replace(query, m => $"{m.Groups[1].Value} >= {fromSeconds} AND {m.Groups[1].Value} <= {toSeconds}");
        text = TimeFilter().Replace(text, m =>
            $"{m.Groups[1].Value} BETWEEN '{from.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}' AND '{to.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}'");
        text = text
            .Replace("$__unixEpochFrom()", fromSeconds, StringComparison.Ordinal)
            .Replace("$__unixEpochTo()", toSeconds, StringComparison.Ordinal);
        text = Variables(text);
        return Unsubstituted().IsMatch(text)
            ? throw new Xunit.Sdk.XunitException($"A template variable or macro the test does not know is left in: {text}")
            : text;
    }

    private static string Variables(string text)
    {
        foreach (var name in FilterVariables)
        {
            text = text
                .Replace($"${{{name}:regex}}", ".*", StringComparison.Ordinal)
                .Replace($"${{{name}}}", ".*", StringComparison.Ordinal)
                .Replace($"${name}", ".*", StringComparison.Ordinal);
        }

        return text;
    }

    [GeneratedRegex(@"\$__unixEpochFilter\(\s*([\w.""]+)\s*\)")]
    private static partial Regex UnixEpochFilter();

    [GeneratedRegex(@"\$__timeFilter\(\s*([\w.""]+)\s*\)")]
    private static partial Regex TimeFilter();

    // $name, ${name...} or $__macro; a regex anchor ($ before a quote or parenthesis) is not one.
    [GeneratedRegex(@"\$(?:\{|__|[a-zA-Z])")]
    private static partial Regex Unsubstituted();
}

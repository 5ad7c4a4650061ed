using System.Text.RegularExpressions;
using CostWatch.Worker.Tests.DemoStack;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>
/// The series CostWatch exports, as Prometheus names them: the contract table of <c>docs/metrics.md</c>, a
/// histogram standing for its <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series.
/// </summary>
internal static partial class ExportedMetrics
{
    /// <summary>Metric family name to type, from docs/metrics.md's table.</summary>
    public static IReadOnlyDictionary<string, string> Documented()
    {
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in TableRow().Matches(RepositoryFiles.Read("docs/metrics.md")))
        {
            families[row.Groups["name"].Value] = row.Groups["type"].Value.Trim();
        }

        return families;
    }

    /// <summary>The series names of <paramref name="families"/>: histograms with their three suffixes.</summary>
    public static IReadOnlySet<string> SeriesNames(IReadOnlyDictionary<string, string> families) =>
        families.SelectMany(family => family.Value == "histogram"
                ? [family.Key + "_bucket", family.Key + "_sum", family.Key + "_count"]
                : new[] { family.Key })
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^\| `(?<name>[a-z_:][a-z0-9_:]*)` \| (?<type>counter|gauge|histogram) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}

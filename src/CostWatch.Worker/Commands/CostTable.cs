using System.Globalization;
using CostWatch.Worker.Api;
using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Commands;

/// <summary>A cost report as an aligned terminal table: a title line, the rows, and the total last.</summary>
internal static class CostTable
{
    private static readonly string[] FigureHeaders =
        ["calls", "input", "cache read", "cache write", "output", "reasoning", "cost (USD)", "unpriced"];

    public static void Write(TextWriter output, CostReport report)
    {
        var spec = report.Spec;
        var grouping = spec.GroupBy.Count == 0 ? "" : $", by {string.Join(", ", spec.GroupBy.Select(d => d.Name))}";
        var step = spec.Step is { } s ? $", step {CostStep.Label(s)}" : "";
        output.WriteLine($"Costs from {Rfc3339.Format(spec.Plan.From)} to {Rfc3339.Format(spec.Plan.To)}{grouping}{step}");
        output.WriteLine();

        var keyHeaders = spec.GroupBy.Select(d => d.Name).Concat(spec.Step is null ? [] : ["bucket"]).ToList();
        var keyColumns = Math.Max(keyHeaders.Count, 1);
        List<string[]> lines = [[.. Pad(keyHeaders, keyColumns), .. FigureHeaders]];
        foreach (var row in report.Rows)
        {
            var keys = row.Keys.Select(k => k.Length == 0 ? "(none)" : k)
                .Concat(row.BucketStart is { } bucket ? [Rfc3339.FormatUnixSeconds(bucket)] : []);
            lines.Add([.. Pad(keys.ToList(), keyColumns), .. Figures(row.Figures)]);
        }

        string[] total = [.. Pad(["total"], keyColumns), .. Figures(report.Total)];
        var widths = Enumerable.Range(0, total.Length)
            .Select(c => lines.Append(total).Max(l => l[c].Length))
            .ToArray();
        foreach (var line in lines)
        {
            output.WriteLine(Format(line, widths, keyColumns));
        }

        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        output.WriteLine(Format(total, widths, keyColumns));
    }

    private static IEnumerable<string> Figures(Core.Costs.CostFigures figures) =>
    [
        Number(figures.Calls), Number(figures.InputTokens), Number(figures.CacheReadTokens),
        Number(figures.CacheWriteTokens), Number(figures.OutputTokens), Number(figures.ReasoningTokens),
        figures.CostUsd is { } cost ? Money.Format(cost) : "unknown", Number(figures.UnpricedCalls),
    ];

    private static List<string> Pad(List<string> values, int count) =>
        [.. values, .. Enumerable.Repeat("", count - values.Count)];

    /// <summary>Keys left-aligned, figures right-aligned, two spaces between columns.</summary>
    private static string Format(string[] line, int[] widths, int keyColumns) =>
        string.Join("  ", line.Select((value, c) => c < keyColumns ? value.PadRight(widths[c]) : value.PadLeft(widths[c])))
            .TrimEnd();

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

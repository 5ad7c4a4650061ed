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
        var rows = report.Rows.Select(row =>
        {
            var keys = row.Keys.Select(k => k.Length == 0 ? "(none)" : k)
                .Concat(row.BucketStart is { } bucket ? [Rfc3339.FormatUnixSeconds(bucket)] : []);
            return (string[])[.. Pad(keys.ToList(), keyColumns), .. Figures(row.Figures)];
        }).ToList();
        output.Write(ConsoleTable.Format([.. Pad(keyHeaders, keyColumns), .. FigureHeaders], rows,
            [.. Pad(["total"], keyColumns), .. Figures(report.Total)], keyColumns));
    }

    private static IEnumerable<string> Figures(Core.Costs.CostFigures figures) =>
    [
        Number(figures.Calls), Number(figures.InputTokens), Number(figures.CacheReadTokens),
        Number(figures.CacheWriteTokens), Number(figures.OutputTokens), Number(figures.ReasoningTokens),
        figures.CostUsd is { } cost ? Money.Format(cost) : "unknown", Number(figures.UnpricedCalls),
    ];

    private static List<string> Pad(List<string> values, int count) =>
        [.. values, .. Enumerable.Repeat("", count - values.Count)];

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

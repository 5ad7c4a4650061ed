using System.Text;

namespace CostWatch.Worker.Commands;

/// <summary>
/// A plain text table for the terminal: the header, the rows, a rule, then the footer (totals). Columns are
/// padded to their widest cell, key columns left-aligned and figures right-aligned, two spaces apart.
/// </summary>
internal static class ConsoleTable
{
    public static string Format(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string[] footer,
        int keyColumns)
    {
        var lines = rows.Prepend([.. header]).Append(footer).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines.Take(lines.Count - 1))
        {
            text.AppendLine(Line(line, widths, keyColumns));
        }

        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        text.AppendLine(Line(footer, widths, keyColumns));
        return text.ToString();
    }

    private static string Line(string[] cells, int[] widths, int keyColumns) =>
        string.Join("  ", cells.Select((value, c) => c < keyColumns ? value.PadRight(widths[c]) : value.PadLeft(widths[c])))
            .TrimEnd();
}

using System.Text;

namespace CostWatch.Worker.Commands;

/// <summary>A plain text table for the terminal: columns padded to their widest cell, text left, numbers right.</summary>
internal static class ConsoleTable
{
    public static string Format(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, header, widths, numeric: _ => false);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(text, row, widths, numeric: i => i > 0 && IsNumeric(row[i]));
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, int[] widths, Func<int, bool> numeric)
    {
        text.AppendLine(string.Join("  ", cells.Select((c, i) => numeric(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
    }

    private static bool IsNumeric(string cell) =>
        cell.Length > 0 && cell.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or ',');
}

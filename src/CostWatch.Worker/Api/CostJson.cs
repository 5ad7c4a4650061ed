using System.Text.Json;
using CostWatch.Core.Costs;

namespace CostWatch.Worker.Api;

/// <summary>The JSON pieces the cost endpoints share: usage figures, money, and times.</summary>
internal static class CostJson
{
    /// <summary>The figure properties, in the order they are written (also the CSV columns).</summary>
    public static readonly string[] FigureNames =
    [
        "calls", "inputTokens", "cacheReadTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "costUsd",
        "unpricedCalls",
    ];

    public static void WriteFigures(Utf8JsonWriter writer, CostFigures figures)
    {
        writer.WriteNumber("calls", figures.Calls);
        writer.WriteNumber("inputTokens", figures.InputTokens);
        writer.WriteNumber("cacheReadTokens", figures.CacheReadTokens);
        writer.WriteNumber("cacheWriteTokens", figures.CacheWriteTokens);
        writer.WriteNumber("outputTokens", figures.OutputTokens);
        writer.WriteNumber("reasoningTokens", figures.ReasoningTokens);
        WriteMoney(writer, "costUsd", figures.CostUsd);
        writer.WriteNumber("unpricedCalls", figures.UnpricedCalls);
    }

    /// <summary>The CSV fields of <see cref="FigureNames"/>; an unknown cost is an empty field.</summary>
    public static IEnumerable<string> FigureFields(CostFigures figures) =>
    [
        Text(figures.Calls), Text(figures.InputTokens), Text(figures.CacheReadTokens), Text(figures.CacheWriteTokens),
        Text(figures.OutputTokens), Text(figures.ReasoningTokens),
        figures.CostUsd is { } cost ? Money.Format(cost) : "", Text(figures.UnpricedCalls),
    ];

    /// <summary>A JSON number written from the exact decimal (no double on the way), or null.</summary>
    public static void WriteMoney(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } amount)
        {
            writer.WriteNumber(name, Money.Normalize(amount));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A dimension value; '' (none) is written as null.</summary>
    public static void WriteKey(Utf8JsonWriter writer, string name, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

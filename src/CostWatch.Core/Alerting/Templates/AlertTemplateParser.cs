using System.Text.RegularExpressions;

namespace CostWatch.Core.Alerting.Templates;

/// <summary>
/// Splits a template into literal text and actions. An action is <c>{{</c>, a variable, optionally <c>|</c> and a
/// formatter, then <c>}}</c>; white space inside it is free. Every <c>{{</c> starts an action: the text of an
/// annotation never needs a literal one.
/// </summary>
internal static partial class AlertTemplateParser
{
    private const string Variables = "$labels.<name>, $value or $threshold";
    private const string LabelsPrefix = "$labels.";
    private const string FormatterList = "percent, humanizeDuration or usd";

    private static readonly Dictionary<string, TemplateFormatter> Formatters = new(StringComparer.Ordinal)
    {
        ["percent"] = TemplateFormatter.Percent,
        ["humanizeDuration"] = TemplateFormatter.HumanizeDuration,
        ["usd"] = TemplateFormatter.Usd,
    };


    public static string FormatterName(TemplateFormatter formatter) =>
        Formatters.FirstOrDefault(pair => pair.Value == formatter).Key ?? "the value";

    public static IReadOnlyList<TemplateSegment> Parse(string text)
    {
        var segments = new List<TemplateSegment>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(Literal(text[at..], at));
                break;
            }

            if (open > at)
            {
                segments.Add(Literal(text[at..open], at));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(open, "'{{' is not closed by '}}'");
            }

            segments.Add(ParseAction(text, open, close));
            at = close + 2;
        }

        return segments;
    }

    private static TemplateSegment Literal(string text, int at) => new(TemplateVariable.Literal, text, null, TemplateFormatter.None, at + 1);

    private static TemplateSegment ParseAction(string text, int open, int close)
    {
        var tokens = Tokens(text, open + 2, close);
        var action = text[open..(close + 2)];
        if (tokens.Count == 0)
        {
            throw Error(open, $"empty action '{action}'; expected {Variables}");
        }

        var (variableText, variableAt) = tokens[0];
        if (variableText == "|")
        {
            throw Error(variableAt, $"'|' needs a variable before it: {Variables}");
        }

        var (variable, label) = Variable(variableText, variableAt);
        var formatter = TemplateFormatter.None;
        if (tokens.Count > 1)
        {
            var (next, nextAt) = tokens[1];
            if (next != "|")
            {
                throw Error(nextAt, $"unexpected '{next}' after {variableText}; pipe it to a formatter with '|' ({FormatterList})");
            }

            if (tokens.Count == 2 || tokens[2].Text == "|")
            {
                throw Error(nextAt, $"'|' must be followed by a formatter: {FormatterList}");
            }

            var (name, nameAt) = tokens[2];
            if (!Formatters.TryGetValue(name, out formatter))
            {
                throw Error(nameAt, $"unknown formatter '{name}'; expected {FormatterList}");
            }

            if (tokens.Count > 3)
            {
                var (extra, extraAt) = tokens[3];
                throw Error(extraAt, extra == "|"
                    ? "only one formatter per action: a formatter's result is text, which no formatter takes"
                    : $"unexpected '{extra}' after the formatter");
            }
        }

        return new TemplateSegment(variable, action, label, formatter, open + 1);
    }

    private static (TemplateVariable Variable, string? Label) Variable(string text, int at)
    {
        switch (text)
        {
            case "$value":
                return (TemplateVariable.Value, null);
            case "$threshold":
                return (TemplateVariable.Threshold, null);
            case "$labels" or LabelsPrefix:
                throw Error(at, "$labels needs a label name, such as $labels.agent");
        }

        if (!text.StartsWith(LabelsPrefix, StringComparison.Ordinal))
        {
            throw Error(at, $"unknown variable '{text}'; expected {Variables}");
        }

        var label = text[LabelsPrefix.Length..];
        return LabelName().IsMatch(label)
            ? (TemplateVariable.Label, label)
            : throw Error(at, $"'{label}' is not a label name (letters, digits and '_', not starting with a digit)");
    }

    /// <summary>Words and pipes between <paramref name="start"/> and <paramref name="end"/>, each with its index.</summary>
    private static List<(string Text, int At)> Tokens(string text, int start, int end)
    {
        var tokens = new List<(string, int)>();
        var i = start;
        while (i < end)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '|')
            {
                tokens.Add(("|", i));
                i++;
            }
            else
            {
                var wordStart = i;
                while (i < end && !char.IsWhiteSpace(text[i]) && text[i] != '|')
                {
                    i++;
                }

                tokens.Add((text[wordStart..i], wordStart));
            }
        }

        return tokens;
    }

    private static AlertTemplateException Error(int index, string problem) => new($"at character {index + 1}: {problem}");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();
}

using System.Globalization;
using System.Text;

namespace CostWatch.Core.Alerting.Templates;

/// <summary>
/// An annotation template of the rules file: text with actions in double braces that show one variable, optionally
/// piped to one formatter.
/// <code>
/// {{ $labels.agent }}: {{ $value | percent }} of runs needed more than 8 iterations
/// </code>
/// Variables: <c>$labels.&lt;name&gt;</c> (empty text when the alert has no such label), <c>$value</c> and
/// <c>$threshold</c> (empty text when the alert has none). Formatters: <c>percent</c>, <c>humanizeDuration</c> and
/// <c>usd</c> (see <see cref="AlertValueFormat"/>). Templates are parsed when the rules file is read, so an unknown
/// variable or formatter stops the file from loading instead of blanking a notification later.
/// </summary>
/// <remarks>
/// A small language of its own rather than Go templates: the three variables and three formatters are all an alert
/// needs, and a language without conditionals, loops or function calls cannot fail in ways a start-up check misses,
/// except a formatter given no number, which <see cref="Render"/> reports.
/// </remarks>
public sealed class AlertTemplate
{
    private readonly IReadOnlyList<TemplateSegment> _segments;

    private AlertTemplate(string text, IReadOnlyList<TemplateSegment> segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <exception cref="AlertTemplateException">Names the position (from 1) and the problem.</exception>
    public static AlertTemplate Parse(string text) => new(text, AlertTemplateParser.Parse(text));

    /// <exception cref="AlertTemplateException">A formatter had no number: no value, or a label that is empty or not a number.</exception>
    public string Render(AlertTemplateContext context)
    {
        var output = new StringBuilder(Text.Length + 32);
        foreach (var segment in _segments)
        {
            output.Append(segment.Variable switch
            {
                TemplateVariable.Literal => segment.Text,
                TemplateVariable.Label => RenderLabel(segment, context.Labels.GetValueOrDefault(segment.Label!)),
                TemplateVariable.Value => RenderNumber(segment, context.Value, "this alert has no value"),
                _ => RenderNumber(segment, context.Threshold, "this alert has no threshold"),
            });
        }

        return output.ToString();
    }

    public override string ToString() => Text;

    private static string RenderLabel(TemplateSegment segment, string? value)
    {
        if (segment.Formatter == TemplateFormatter.None)
        {
            return value ?? "";
        }

        if (string.IsNullOrEmpty(value))
        {
            throw Failed(segment, $"label '{segment.Label}' is empty or missing");
        }

        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Failed(segment, $"label '{segment.Label}' is not a number: '{value}'");
        }

        return Format(segment.Formatter, number);
    }

    private static string RenderNumber(TemplateSegment segment, decimal? number, string missing) =>
        number is { } n ? Format(segment.Formatter, n)
        : segment.Formatter == TemplateFormatter.None ? ""
        : throw Failed(segment, missing);

    private static string Format(TemplateFormatter formatter, decimal number) => formatter switch
    {
        TemplateFormatter.Percent => AlertValueFormat.Percent(number),
        TemplateFormatter.HumanizeDuration => AlertValueFormat.HumanizeDuration(number),
        TemplateFormatter.Usd => AlertValueFormat.Usd(number),
        _ => AlertValueFormat.Plain(number),
    };

    private static AlertTemplateException Failed(TemplateSegment segment, string problem) =>
        new($"{segment.Text} at character {segment.Position}: {AlertTemplateParser.FormatterName(segment.Formatter)} needs a number, but {problem}");
}

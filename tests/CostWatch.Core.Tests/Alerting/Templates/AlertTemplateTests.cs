using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Core.Tests.Alerting.Templates;

/// <summary>Annotation templates: parsed once, with errors naming the position; rendered per alert.</summary>
public sealed class AlertTemplateTests
{
    private static readonly AlertTemplateContext Alert = new(
        new Dictionary<string, string> { ["agent"] = "researcher", ["tool"] = "search", ["cost"] = "12.5", ["note"] = "n/a" },
        0.0123m, 0.01m);

    private static string Render(string template, AlertTemplateContext? context = null) =>
        AlertTemplate.Parse(template).Render(context ?? Alert);

    [Theory]
    [InlineData("{{ $labels.agent }}: {{ $value | percent }} of runs needed more than 8 iterations",
        "researcher: 1.23% of runs needed more than 8 iterations")]
    [InlineData("{{$labels.agent}}/{{$labels.tool}}", "researcher/search")]
    [InlineData("value {{ $value }}, threshold {{ $threshold }}", "value 0.0123, threshold 0.01")]
    [InlineData("{{ $threshold | percent }}", "1%")]
    [InlineData("{{ $value|usd }}", "$0.01")]
    [InlineData("{{ $labels.cost | usd }} spent", "$12.50 spent")]
    [InlineData("took {{ $labels.cost | humanizeDuration }}", "took 12.5s")]
    [InlineData("[{{ $labels.missing }}]", "[]")]
    [InlineData("no actions at all", "no actions at all")]
    [InlineData("", "")]
    [InlineData("a } and {{ $labels.agent }}}", "a } and researcher}")]
    [InlineData("{{\t$value\n|\tpercent }}", "1.23%")]
    public void Render_ShowsLabelsValuesAndFormattedNumbers(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void Render_NoValue_PlainVariablesRenderEmpty() =>
        Assert.Equal("value , threshold ", Render("value {{ $value }}, threshold {{ $threshold }}",
            new AlertTemplateContext(new Dictionary<string, string>(), null, null)));

    [Fact]
    public void Text_IsTheTemplateAsWritten()
    {
        const string text = "{{ $labels.agent }} is {{ $value | percent }}";

        Assert.Equal(text, AlertTemplate.Parse(text).Text);
    }

    [Theory]
    [InlineData("{{ $value | precent }}", "at character 13: unknown formatter 'precent'; expected percent, humanizeDuration or usd")]
    [InlineData("x {{ $values }}", "at character 6: unknown variable '$values'; expected $labels.<name>, $value or $threshold")]
    [InlineData("{{ .Labels.agent }}", "at character 4: unknown variable '.Labels.agent'; expected $labels.<name>, $value or $threshold")]
    [InlineData("{{ $labels }}", "at character 4: $labels needs a label name, such as $labels.agent")]
    [InlineData("{{ $labels. }}", "at character 4: $labels needs a label name, such as $labels.agent")]
    [InlineData("{{ $labels.my-label }}", "at character 4: 'my-label' is not a label name (letters, digits and '_', not starting with a digit)")]
    [InlineData("summary {{ $value", "at character 9: '{{' is not closed by '}}'")]
    [InlineData("{{ }}", "at character 1: empty action '{{ }}'; expected $labels.<name>, $value or $threshold")]
    [InlineData("{{ | percent }}", "at character 4: '|' needs a variable before it: $labels.<name>, $value or $threshold")]
    [InlineData("{{ $value | }}", "at character 11: '|' must be followed by a formatter: percent, humanizeDuration or usd")]
    [InlineData("{{ $value || usd }}", "at character 11: '|' must be followed by a formatter: percent, humanizeDuration or usd")]
    [InlineData("{{ $value | percent | usd }}", "at character 21: only one formatter per action: a formatter's result is text, which no formatter takes")]
    [InlineData("{{ $value percent }}", "at character 11: unexpected 'percent' after $value; pipe it to a formatter with '|' (percent, humanizeDuration or usd)")]
    [InlineData("{{ $value | usd now }}", "at character 17: unexpected 'now' after the formatter")]
    [InlineData("{{ $value | Percent }}", "at character 13: unknown formatter 'Percent'; expected percent, humanizeDuration or usd")]
    public void Parse_Errors_NameThePositionAndTheProblem(string template, string message) =>
        Assert.Equal(message, Assert.Throws<AlertTemplateException>(() => AlertTemplate.Parse(template)).Message);

    [Theory]
    [InlineData("{{ $value | percent }}", "{{ $value | percent }} at character 1: percent needs a number, but this alert has no value")]
    [InlineData("x {{ $threshold | usd }}", "{{ $threshold | usd }} at character 3: usd needs a number, but this alert has no threshold")]
    [InlineData("{{ $labels.note | usd }}", "{{ $labels.note | usd }} at character 1: usd needs a number, but label 'note' is not a number: 'n/a'")]
    [InlineData("{{ $labels.gone | humanizeDuration }}", "{{ $labels.gone | humanizeDuration }} at character 1: humanizeDuration needs a number, but label 'gone' is empty or missing")]
    public void Render_FormatterWithoutANumber_FailsNamingTheAction(string template, string message)
    {
        var context = new AlertTemplateContext(new Dictionary<string, string> { ["note"] = "n/a" }, null, null);
        var parsed = AlertTemplate.Parse(template);

        Assert.Equal(message, Assert.Throws<AlertTemplateException>(() => parsed.Render(context)).Message);
    }
}

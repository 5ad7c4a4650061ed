namespace CostWatch.Core.Alerting.Templates;

/// <summary>The formatters an action can pipe its number to (<c>{{ $value | percent }}</c>).</summary>
internal enum TemplateFormatter
{
    /// <summary>No formatter: the number as it is (<see cref="AlertValueFormat.Plain"/>), a label as its text.</summary>
    None,

    /// <summary><c>percent</c>: a fraction as a percentage.</summary>
    Percent,

    /// <summary><c>humanizeDuration</c>: seconds as <c>1m 30s</c>.</summary>
    HumanizeDuration,

    /// <summary><c>usd</c>: an amount of US dollars.</summary>
    Usd,
}

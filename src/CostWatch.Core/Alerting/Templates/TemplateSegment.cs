namespace CostWatch.Core.Alerting.Templates;

/// <summary>One piece of a parsed template: literal text, or an action that shows a variable.</summary>
/// <param name="Variable">What the piece shows.</param>
/// <param name="Text">The literal text, or the action as written (<c>{{ $value | percent }}</c>) for run-time errors.</param>
/// <param name="Label">The label's name, for <see cref="TemplateVariable.Label"/>.</param>
/// <param name="Formatter">What the number is formatted with.</param>
/// <param name="Position">Where the piece starts in the template, counted from 1.</param>
internal sealed record TemplateSegment(TemplateVariable Variable, string Text, string? Label, TemplateFormatter Formatter,
    int Position);

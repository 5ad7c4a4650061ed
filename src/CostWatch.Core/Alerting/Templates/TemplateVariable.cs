namespace CostWatch.Core.Alerting.Templates;

/// <summary>Where a piece of a rendered template comes from.</summary>
internal enum TemplateVariable
{
    /// <summary>Text between actions, copied as it is.</summary>
    Literal,

    /// <summary><c>$labels.name</c>.</summary>
    Label,

    /// <summary><c>$value</c>.</summary>
    Value,

    /// <summary><c>$threshold</c>.</summary>
    Threshold,
}

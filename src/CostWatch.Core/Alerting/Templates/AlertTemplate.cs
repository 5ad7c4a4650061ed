namespace CostWatch.Core.Alerting.Templates;

/// <summary>Stub: replaced by the rules-file part.</summary>
public sealed class AlertTemplate
{
    private AlertTemplate(string text) => Text = text;

    public string Text { get; }

    public static AlertTemplate Parse(string text) => new(text);

    public string Render(AlertTemplateContext context) => Text;
}

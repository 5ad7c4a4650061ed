namespace CostWatch.Worker.Alerting;

/// <summary><c>CostWatch:Alerting</c>: where the alert rules come from.</summary>
internal sealed class AlertingOptions
{
    public const string Section = "CostWatch:Alerting";

    /// <summary>The rules file CostWatch ships, copied next to the binary.</summary>
    public const string DefaultRulesFile = "alert-rules/costwatch-rules.yaml";

    /// <summary>
    /// The rules file (YAML), relative to the working directory unless absolute. The default falls back to the copy
    /// shipped next to the binary when the working directory has none.
    /// </summary>
    public string RulesFile { get; set; } = DefaultRulesFile;

    /// <summary>How often the rules file is checked for changes (by content, so a ConfigMap's symlink swap counts).</summary>
    public TimeSpan RulesReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}

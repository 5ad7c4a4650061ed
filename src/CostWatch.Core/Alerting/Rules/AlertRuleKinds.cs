namespace CostWatch.Core.Alerting.Rules;

/// <summary>Each rule kind's spelling in the rules file, the fields it takes and the labels it can group by.</summary>
public static class AlertRuleKinds
{
    private static readonly string[] Common = ["name", "kind", "severity", "groupBy", "for", "keepFiringFor", "labels", "annotations"];

    private static readonly Dictionary<AlertRuleKind, AlertRuleKindSpec> Specs = new()
    {
        [AlertRuleKind.LoopIterations] = new("loop_iterations", ["agent"], RuleThreshold.Fraction,
            ["window", "minSamples", "threshold", "maxIterations"]),
        [AlertRuleKind.ToolSuccessRate] = new("tool_success_rate", ["agent", "tool"], RuleThreshold.Fraction,
            ["window", "minSamples", "threshold"]),
        [AlertRuleKind.ContextWindow] = new("context_window", ["agent", "model"], RuleThreshold.Fraction,
            ["window", "minSamples", "threshold"]),
        [AlertRuleKind.RunDurationQuantile] = new("run_duration_quantile", ["agent"], RuleThreshold.Duration,
            ["window", "minSamples", "threshold", "quantile"]),
        [AlertRuleKind.TraceLoss] = new("trace_loss", ["agent"], RuleThreshold.Duration, ["threshold", "retireAfter"]),
        [AlertRuleKind.Budget] = new("budget", null, RuleThreshold.None,
            ["window", "period", "limitUsd", "warnAt", "forecast", "timeZone"]),
        [AlertRuleKind.UnpricedModel] = new("unpriced_model", ["agent", "model"], RuleThreshold.Count,
            ["window", "minSamples", "threshold"]),
        [AlertRuleKind.PipelineSilence] = new("pipeline_silence", [], RuleThreshold.Duration, ["threshold"]),
    };

    private static readonly Dictionary<string, AlertRuleKind> ByFileName =
        Specs.ToDictionary(pair => pair.Value.FileName, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every field a rule of some kind may have: a field outside it is a typo, not a field of another kind.</summary>
    internal static readonly IReadOnlySet<string> AllFields =
        new HashSet<string>(Common.Concat(Specs.Values.SelectMany(spec => spec.Fields)), StringComparer.Ordinal);

    /// <summary>The built-in group labels of budget rules; a budget may also group by custom cost dimensions.</summary>
    public static readonly IReadOnlyList<string> BudgetDimensions = ["agent", "model", "provider", "service", "user"];

    /// <summary>The kind's name in the rules file: <c>loop_iterations</c>, <c>tool_success_rate</c>, ...</summary>
    public static string FileName(AlertRuleKind kind) => Specs[kind].FileName;

    public static bool TryParse(string fileName, out AlertRuleKind kind) => ByFileName.TryGetValue(fileName, out kind);

    /// <summary>Every kind's file name, in declaration order, for error messages and docs.</summary>
    public static IReadOnlyList<string> FileNames { get; } = Enum.GetValues<AlertRuleKind>().Select(FileName).ToArray();

    /// <summary>
    /// The labels a rule of the kind may group by, which are also its default <c>groupBy</c>; null for budget, which
    /// may group by <see cref="BudgetDimensions"/> and custom cost dimensions and groups by nothing unless told.
    /// </summary>
    public static IReadOnlyList<string>? GroupByLabels(AlertRuleKind kind) => Specs[kind].GroupBy;

    internal static AlertRuleKindSpec Spec(AlertRuleKind kind) => Specs[kind];

    internal static bool IsCommonField(string field) => Common.Contains(field);
}

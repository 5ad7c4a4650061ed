using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CostWatch.Core.Alerting.Templates;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// Reads and checks one rule of the rules file, recording every problem. A field the rule's kind does not use is an
/// error, like an unknown field: a misplaced <c>minSamples</c> would otherwise be ignored without a word.
/// </summary>
internal static partial class AlertRuleReader
{
    private const string BudgetLevelLabel = "budget_level";
    private static readonly TimeSpan DefaultRetireAfter = TimeSpan.FromHours(24);

    /// <returns>The rule, or null when it has a problem (recorded in <paramref name="errors"/>).</returns>
    public static AlertRule? Read(JsonElement item, int index, RuleFileErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"rules[{index}]", $"must be a mapping with name, kind, ... , got {RuleFileObject.Describe(item)}");
            return null;
        }

        var errorsBefore = errors.Count;
        var nameText = item.TryGetProperty("name", out var nameValue) && nameValue.ValueKind == JsonValueKind.String
            ? nameValue.GetString()
            : null;
        var named = nameText is not null && RuleFileObject.IsName(nameText);
        var rule = new RuleFileObject(item, named ? $"rule '{nameText}'" : $"rules[{index}]", errors);
        var name = ReadName(rule);
        var kind = ReadKind(rule);
        CheckFields(rule, kind);

        var spec = kind is { } k ? AlertRuleKinds.Spec(k) : null;
        var groupBy = spec is null ? null : ReadGroupBy(rule, spec);
        var severity = rule.Text("severity") ?? "warning";
        var forDuration = rule.Duration("for") ?? TimeSpan.Zero;
        var keepFiringFor = rule.Duration("keepFiringFor") ?? TimeSpan.Zero;
        var labels = ReadLabels(rule, kind, groupBy ?? []);
        var annotations = ReadAnnotations(rule);
        if (kind is null || spec is null)
        {
            // Which fields the rule needs depends on its kind.
            return null;
        }

        var threshold = ReadThreshold(rule, spec);
        var result = new AlertRule
        {
            Name = name ?? "",
            Kind = kind.Value,
            Severity = severity,
            GroupBy = groupBy ?? [],
            Window = ReadWindow(rule, kind.Value),
            For = forDuration,
            KeepFiringFor = keepFiringFor,
            MinSamples = rule.Count("minSamples", 0) ?? 0,
            Threshold = threshold,
            MaxIterations = ReadMaxIterations(rule, kind.Value),
            Quantile = ReadQuantile(rule, kind.Value),
            RetireAfter = ReadRetireAfter(rule, kind.Value, threshold),
            Labels = labels,
            Annotations = annotations,
        };
        if (kind == AlertRuleKind.Budget)
        {
            result = BudgetRuleReader.Read(rule, result);
        }

        return name is null || groupBy is null || errors.Count > errorsBefore ? null : result;
    }

    private static string? ReadName(RuleFileObject rule)
    {
        if (!rule.Has("name"))
        {
            rule.Missing("name", "every rule needs one, such as HighAgentLoopIterations");
            return null;
        }

        var name = rule.Text("name");
        if (name is null)
        {
            return null;
        }

        if (!RuleFileObject.IsName(name))
        {
            rule.Fail("name", $"must be letters, digits and '_', not starting with a digit ([A-Za-z_][A-Za-z0-9_]*), got '{name}'");
            return null;
        }

        if (ReservedRuleNames.Names.Contains(name))
        {
            rule.Fail("name", $"'{name}' is the name of a built-in alert of CostWatch");
            return null;
        }

        return name;
    }

    private static AlertRuleKind? ReadKind(RuleFileObject rule)
    {
        if (!rule.Has("kind"))
        {
            rule.Missing("kind", "one of " + string.Join(", ", AlertRuleKinds.FileNames));
            return null;
        }

        var text = rule.Text("kind");
        if (text is null)
        {
            return null;
        }

        if (AlertRuleKinds.TryParse(text, out var kind))
        {
            return kind;
        }

        rule.Fail("kind", $"unknown kind '{text}'; expected one of {string.Join(", ", AlertRuleKinds.FileNames)}");
        return null;
    }

    /// <summary>Unknown fields, and fields of another kind: both would be ignored without a word otherwise.</summary>
    private static void CheckFields(RuleFileObject rule, AlertRuleKind? kind)
    {
        foreach (var field in rule.FieldNames)
        {
            if (!AlertRuleKinds.AllFields.Contains(field))
            {
                rule.Fail(field, "unknown field" + FieldSuggestion.For(field, AlertRuleKinds.AllFields));
            }
            else if (kind is { } k && !AlertRuleKinds.IsCommonField(field) && !AlertRuleKinds.Spec(k).Fields.Contains(field))
            {
                rule.Fail(field, $"not used by kind {AlertRuleKinds.FileName(k)}");
            }
        }
    }

    private static IReadOnlyList<string>? ReadGroupBy(RuleFileObject rule, AlertRuleKindSpec spec)
    {
        if (!rule.Has("groupBy"))
        {
            return spec.GroupBy ?? [];
        }

        var groupBy = rule.TextList("groupBy");
        if (groupBy is null)
        {
            return null;
        }

        var ok = true;
        foreach (var label in groupBy)
        {
            if (spec.GroupBy is null ? !DimensionName().IsMatch(label) : !spec.GroupBy.Contains(label))
            {
                ok = false;
                rule.Fail("groupBy", spec.GroupBy switch
                {
                    null => $"'{label}' is not a dimension name (lower-case letters, digits, '_' and '.'); "
                        + $"a budget groups by {string.Join(", ", AlertRuleKinds.BudgetDimensions)} or custom cost dimensions",
                    [] => $"kind {spec.FileName} has no groups, got '{label}'",
                    _ => $"kind {spec.FileName} groups by {string.Join(", ", spec.GroupBy)} only, got '{label}'",
                });
            }
        }

        return ok ? groupBy : null;
    }

    private static IReadOnlyDictionary<string, string> ReadLabels(RuleFileObject rule, AlertRuleKind? kind, IReadOnlyList<string> groupBy)
    {
        var labels = rule.TextMap("labels") ?? new Dictionary<string, string>();
        foreach (var name in labels.Keys)
        {
            // The engine sets these itself; a static label of the same name would be overwritten, or overwrite.
            if (name is AlertLabels.AlertName or AlertLabels.Severity)
            {
                rule.Fail($"labels.{name}", $"'{name}' is set by CostWatch (write {(name == AlertLabels.Severity ? "severity:" : "name:")} instead)");
            }
            else if (groupBy.Contains(name) || (kind == AlertRuleKind.Budget && name == BudgetLevelLabel))
            {
                rule.Fail($"labels.{name}", $"'{name}' is a group label of the rule's alerts");
            }
        }

        return labels;
    }

    private static IReadOnlyDictionary<string, AlertTemplate> ReadAnnotations(RuleFileObject rule)
    {
        var annotations = new Dictionary<string, AlertTemplate>(StringComparer.Ordinal);
        foreach (var (name, text) in rule.TextMap("annotations") ?? new Dictionary<string, string>())
        {
            try
            {
                annotations[name] = AlertTemplate.Parse(text);
            }
            catch (AlertTemplateException e)
            {
                rule.Fail($"annotations.{name}", e.Message);
            }
        }

        return annotations;
    }

    private static TimeSpan? ReadWindow(RuleFileObject rule, AlertRuleKind kind)
    {
        if (!AlertRuleKinds.Spec(kind).Fields.Contains("window"))
        {
            return null;
        }

        if (!rule.Has("window"))
        {
            if (kind != AlertRuleKind.Budget)
            {
                rule.Missing("window", "the span of samples the rule judges, such as 10m");
            }

            return null;
        }

        var window = rule.Duration("window");
        if (window is { } w && w <= TimeSpan.Zero)
        {
            rule.Fail("window", "must be longer than 0");
        }

        return window;
    }

    private static decimal ReadThreshold(RuleFileObject rule, AlertRuleKindSpec spec)
    {
        if (spec.Threshold == RuleThreshold.None)
        {
            return 0m;
        }

        if (!rule.Has("threshold"))
        {
            if (spec.Threshold != RuleThreshold.Count)
            {
                rule.Missing("threshold", spec.Threshold == RuleThreshold.Fraction
                    ? "a number between 0 and 1, such as 0.9"
                    : "a duration such as 30s or 5m");
            }

            return 0m;
        }

        switch (spec.Threshold)
        {
            case RuleThreshold.Fraction:
                var fraction = rule.Number("threshold");
                if (fraction is < 0 or > 1)
                {
                    rule.Fail("threshold", $"must be between 0 and 1, got {fraction.Value.ToString(CultureInfo.InvariantCulture)}");
                }

                return fraction ?? 0m;
            case RuleThreshold.Duration:
                var duration = rule.Duration("threshold");
                if (duration is { } d && d <= TimeSpan.Zero)
                {
                    rule.Fail("threshold", "must be longer than 0");
                }

                return duration is { } seconds ? (decimal)seconds.Ticks / TimeSpan.TicksPerSecond : 0m;
            default:
                return rule.Count("threshold", 0) ?? 0;
        }
    }

    private static int? ReadMaxIterations(RuleFileObject rule, AlertRuleKind kind)
    {
        if (kind != AlertRuleKind.LoopIterations)
        {
            return null;
        }

        if (!rule.Has("maxIterations"))
        {
            rule.Missing("maxIterations", "a run with more iterations than this counts, such as 8");
            return null;
        }

        var count = rule.Count("maxIterations", 1);
        if (count > int.MaxValue)
        {
            rule.Fail("maxIterations", $"must be at most {int.MaxValue}, got {count}");
            return null;
        }

        return (int?)count;
    }

    private static decimal? ReadQuantile(RuleFileObject rule, AlertRuleKind kind)
    {
        if (kind != AlertRuleKind.RunDurationQuantile)
        {
            return null;
        }

        if (!rule.Has("quantile"))
        {
            rule.Missing("quantile", "a number between 0 and 1, such as 0.99");
            return null;
        }

        var quantile = rule.Number("quantile");
        if (quantile is <= 0 or >= 1)
        {
            rule.Fail("quantile", $"must be between 0 and 1 (exclusive), got {quantile.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        return quantile;
    }

    private static TimeSpan? ReadRetireAfter(RuleFileObject rule, AlertRuleKind kind, decimal thresholdSeconds)
    {
        if (kind != AlertRuleKind.TraceLoss)
        {
            return null;
        }

        var retireAfter = rule.Has("retireAfter") ? rule.Duration("retireAfter") : DefaultRetireAfter;
        // An agent that retired before its silence crossed the threshold would never alert.
        if (retireAfter is { } r && thresholdSeconds > 0 && (decimal)r.Ticks / TimeSpan.TicksPerSecond <= thresholdSeconds)
        {
            var threshold = TimeSpan.FromTicks((long)(thresholdSeconds * TimeSpan.TicksPerSecond));
            rule.Fail("retireAfter", $"must be longer than threshold ({RuleDuration.Format(threshold)}), got {RuleDuration.Format(r)}");
        }

        return retireAfter;
    }

    // Custom cost dimensions are lower-case names; the engine checks that a name is a configured dimension.
    [GeneratedRegex("^[a-z_][a-z0-9_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DimensionName();
}

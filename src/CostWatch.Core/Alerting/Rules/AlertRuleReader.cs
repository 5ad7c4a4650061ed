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

        var threshold = KindFieldReader.Threshold(rule, spec);
        var result = new AlertRule
        {
            Name = name ?? "",
            Kind = kind.Value,
            Severity = severity,
            GroupBy = groupBy ?? [],
            Window = KindFieldReader.Window(rule, kind.Value),
            For = forDuration,
            KeepFiringFor = keepFiringFor,
            MinSamples = rule.Count("minSamples", 0) ?? 0,
            Threshold = threshold,
            MaxIterations = KindFieldReader.MaxIterations(rule, kind.Value),
            Quantile = KindFieldReader.Quantile(rule, kind.Value),
            RetireAfter = KindFieldReader.RetireAfter(rule, kind.Value, threshold),
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

    // Custom cost dimensions are lower-case names; the engine checks that a name is a configured dimension.
    [GeneratedRegex("^[a-z_][a-z0-9_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DimensionName();
}

using System.Text.Json;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>Reads the <c>inhibitRules</c> list of the rules file.</summary>
internal static class InhibitRuleReader
{
    private static readonly string[] Fields = ["sourceMatch", "targetMatch", "equal"];

    /// <param name="file">The file's top-level mapping.</param>
    /// <param name="ruleNames">The file's rules, which an <c>alertname</c> matcher must name (or a built-in alert).</param>
    /// <param name="errors">Where problems are recorded.</param>
    public static IReadOnlyList<InhibitRule> ReadAll(RuleFileObject file, IReadOnlySet<string> ruleNames, RuleFileErrors errors)
    {
        if (file.Value("inhibitRules") is not { } list)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            file.Fail("inhibitRules", $"must be a list (inhibitRules: [] for none), got {RuleFileObject.Describe(list)}");
            return [];
        }

        var rules = new List<InhibitRule>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (Read(item, $"inhibitRules[{index}]", ruleNames, errors) is { } rule)
            {
                rules.Add(rule);
            }

            index++;
        }

        return rules;
    }

    private static InhibitRule? Read(JsonElement item, string where, IReadOnlySet<string> ruleNames, RuleFileErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(where, $"must be a mapping with sourceMatch, targetMatch and equal, got {RuleFileObject.Describe(item)}");
            return null;
        }

        var errorsBefore = errors.Count;
        var rule = new RuleFileObject(item, where, errors);
        foreach (var field in rule.FieldNames.Where(field => !Fields.Contains(field)))
        {
            rule.Fail(field, "unknown field" + FieldSuggestion.For(field, Fields));
        }

        var source = Matchers(rule, "sourceMatch", ruleNames);
        var target = Matchers(rule, "targetMatch", ruleNames);
        var equal = rule.TextList("equal") ?? [];
        foreach (var label in equal.Where(label => !RuleFileObject.IsName(label)))
        {
            rule.Fail("equal", $"'{label}' is not a label name (letters, digits and '_', not starting with a digit)");
        }

        return errors.Count > errorsBefore || source is null || target is null ? null : new InhibitRule(source, target, equal);
    }

    private static IReadOnlyDictionary<string, string>? Matchers(RuleFileObject rule, string field, IReadOnlySet<string> ruleNames)
    {
        if (!rule.Has(field))
        {
            rule.Missing(field, "labels and the values they must have, such as { alertname: PipelineSilence }");
            return null;
        }

        var matchers = rule.TextMap(field);
        if (matchers is null)
        {
            return null;
        }

        // An empty matcher matches every alert: one such rule would mute everything.
        if (matchers.Count == 0)
        {
            rule.Fail(field, "must match at least one label; an empty matcher matches every alert");
        }

        // A misspelt rule name would make the inhibition match nothing, silently.
        if (matchers.TryGetValue(AlertLabels.AlertName, out var alertName)
            && !ruleNames.Contains(alertName) && !ReservedRuleNames.Names.Contains(alertName))
        {
            rule.Fail($"{field}.{AlertLabels.AlertName}", $"'{alertName}' is not the name of a rule in this file");
        }

        return matchers;
    }
}

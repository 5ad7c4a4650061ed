using System.Text.Json;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// Reads a rules file from the JSON of its document (the host turns the YAML file into JSON, as it does for price
/// files): the evaluation interval, the rules and the inhibit rules, every field checked.
/// <code>
/// { "evaluationInterval": "30s",
///   "rules": [ { "name": "TraceLoss", "kind": "trace_loss", "threshold": "5m" } ],
///   "inhibitRules": [ { "sourceMatch": { "alertname": "PipelineSilence" }, "targetMatch": { "alertname": "TraceLoss" } } ] }
/// </code>
/// </summary>
public static class AlertRuleSetReader
{
    public static readonly TimeSpan DefaultEvaluationInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MinEvaluationInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] TopLevelFields = ["evaluationInterval", "rules", "inhibitRules"];

    /// <param name="sourceName">The file's path as configured: named in every error and kept as <see cref="AlertRuleSet.Source"/>.</param>
    /// <param name="json">The file's document as JSON.</param>
    /// <exception cref="AlertRulesException">Every problem in the file, each naming the rule and the field.</exception>
    public static AlertRuleSet Read(string sourceName, string json)
    {
        using var document = RuleFileErrors.ParseDocument(sourceName, json);
        var errors = new RuleFileErrors(sourceName);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("the file", $"must be a mapping with evaluationInterval, rules and inhibitRules, got {RuleFileObject.Describe(root)}");
            errors.ThrowIfAny();
        }

        var file = new RuleFileObject(root, "", errors);
        foreach (var field in file.FieldNames.Where(field => !TopLevelFields.Contains(field)))
        {
            file.Fail(field, "unknown field" + FieldSuggestion.For(field, TopLevelFields));
        }

        var interval = file.Duration("evaluationInterval") ?? DefaultEvaluationInterval;
        if (interval < MinEvaluationInterval)
        {
            file.Fail("evaluationInterval", $"must be at least 1s, got {RuleDuration.Format(interval)}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var rules = ReadRules(file, names, errors);
        var inhibitRules = file.Has("inhibitRules")
            ? InhibitRuleReader.ReadAll(file, names, errors)
            : DefaultInhibitRules(rules);
        errors.ThrowIfAny();
        return new AlertRuleSet(interval, rules, inhibitRules, sourceName);
    }

    /// <summary>
    /// Without an <c>inhibitRules</c> key, every pipeline_silence rule mutes every trace_loss rule: when no agent at all
    /// reports, the pipeline is the one problem to page about, not each agent.
    /// </summary>
    public static IReadOnlyList<InhibitRule> DefaultInhibitRules(IReadOnlyList<AlertRule> rules) =>
        (from source in rules.Where(r => r.Kind == AlertRuleKind.PipelineSilence)
         from target in rules.Where(r => r.Kind == AlertRuleKind.TraceLoss)
         select new InhibitRule(
             new Dictionary<string, string> { [AlertLabels.AlertName] = source.Name },
             new Dictionary<string, string> { [AlertLabels.AlertName] = target.Name },
             [])).ToArray();

    /// <param name="file">The file's top-level mapping.</param>
    /// <param name="names">Receives every rule's name, of valid and invalid rules alike.</param>
    /// <param name="errors">Where problems are recorded.</param>
    private static List<AlertRule> ReadRules(RuleFileObject file, HashSet<string> names, RuleFileErrors errors)
    {
        var rules = new List<AlertRule>();
        if (!file.Has("rules"))
        {
            file.Missing("rules", "a list of rules (rules: [] for none)");
            return rules;
        }

        if (file.Value("rules") is not { } list)
        {
            return rules;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            file.Fail("rules", $"must be a list of rules, got {RuleFileObject.Describe(list)}");
            return rules;
        }

        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : null;
            if (name is not null)
            {
                names.Add(name);
            }

            if (name is not null && !firstIndex.TryAdd(name, index))
            {
                errors.Add($"rule '{name}': name", $"used by rules[{firstIndex[name]}] too; names must be unique");
            }

            if (AlertRuleReader.Read(item, index, errors) is { } rule)
            {
                rules.Add(rule);
            }

            index++;
        }

        return rules;
    }
}

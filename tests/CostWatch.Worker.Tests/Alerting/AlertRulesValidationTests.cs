using CostWatch.Core.Alerting.Rules;
using CostWatch.Worker.Alerting;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>
/// Every problem a rules file can have, each reported alone and naming the file, the rule (by name, or by index
/// when it has no usable name) and the field. A typo must never silently disable a rule.
/// </summary>
public sealed class AlertRulesValidationTests
{
    private const string FileName = "alert-rules/x.yaml";

    private static IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<AlertRulesException>(() => AlertRulesParser.Parse(yaml, FileName)).Errors;

    /// <summary>A file of rules, each written as the inside of a YAML flow mapping.</summary>
    private static string Rules(params string[] rules) => "rules:\n" + string.Concat(rules.Select(r => $"  - {{ {r} }}\n"));

    [Theory]
    // name and kind
    [InlineData("kind: pipeline_silence, threshold: 5m", "rules[0]: name: missing; every rule needs one, such as HighAgentLoopIterations")]
    [InlineData("name: High Loops, kind: pipeline_silence, threshold: 5m", "rules[0]: name: must be letters, digits and '_', not starting with a digit ([A-Za-z_][A-Za-z0-9_]*), got 'High Loops'")]
    [InlineData("name: 9Lives, kind: pipeline_silence, threshold: 5m", "rules[0]: name: must be letters, digits and '_', not starting with a digit ([A-Za-z_][A-Za-z0-9_]*), got '9Lives'")]
    [InlineData("name: 42, kind: pipeline_silence, threshold: 5m", "rules[0]: name: must be non-empty text, got 42")]
    [InlineData("name: CostWatchRuleEvaluationFailing, kind: pipeline_silence, threshold: 5m", "rule 'CostWatchRuleEvaluationFailing': name: 'CostWatchRuleEvaluationFailing' is the name of a built-in alert of CostWatch")]
    [InlineData("name: CostWatchNotificationFailing, kind: pipeline_silence, threshold: 5m", "rule 'CostWatchNotificationFailing': name: 'CostWatchNotificationFailing' is the name of a built-in alert of CostWatch")]
    [InlineData("name: A, threshold: 5m", "rule 'A': kind: missing; one of loop_iterations, tool_success_rate, context_window, run_duration_quantile, trace_loss, budget, unpriced_model, pipeline_silence")]
    [InlineData("name: A, kind: loops", "rule 'A': kind: unknown kind 'loops'; expected one of loop_iterations, tool_success_rate, context_window, run_duration_quantile, trace_loss, budget, unpriced_model, pipeline_silence")]
    // unknown fields and fields of another kind
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, keepFiringfor: 5m", "rule 'A': keepFiringfor: unknown field; did you mean 'keepFiringFor'?")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, treshold: 5m", "rule 'A': treshold: unknown field; did you mean 'threshold'?")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, owner: team-a", "rule 'A': owner: unknown field")]
    [InlineData("name: A, kind: trace_loss, threshold: 5m, minSamples: 10", "rule 'A': minSamples: not used by kind trace_loss")]
    [InlineData("name: A, kind: trace_loss, threshold: 5m, window: 10m", "rule 'A': window: not used by kind trace_loss")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 0.9, maxIterations: 8", "rule 'A': maxIterations: not used by kind tool_success_rate")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, threshold: 0.8", "rule 'A': threshold: not used by kind budget")]
    [InlineData("name: A, kind: loop_iterations, window: 10m, maxIterations: 8, threshold: 0.01, limitUsd: 5", "rule 'A': limitUsd: not used by kind loop_iterations")]
    // threshold
    [InlineData("name: ToolCallFailureSpike, kind: tool_success_rate, window: 10m, threshold: 1.5", "rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5")]
    [InlineData("name: A, kind: context_window, window: 10m, threshold: -0.1", "rule 'A': threshold: must be between 0 and 1, got -0.1")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 90%", "rule 'A': threshold: must be a number, got '90%'")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m", "rule 'A': threshold: missing; a number between 0 and 1, such as 0.9")]
    [InlineData("name: A, kind: trace_loss", "rule 'A': threshold: missing; a duration such as 30s or 5m")]
    [InlineData("name: A, kind: trace_loss, threshold: 300", "rule 'A': threshold: must be a duration with a unit (ms, s, m, h, d), such as 30s or 5m, got 300")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5 minutes", "rule 'A': threshold: must be a duration such as 30s, 5m or 1h30m (units ms, s, m, h, d; at most 3650d), got '5 minutes'")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 0s", "rule 'A': threshold: must be longer than 0")]
    [InlineData("name: A, kind: run_duration_quantile, window: 15m, quantile: 0.99, threshold: 0.5", "rule 'A': threshold: must be a duration with a unit (ms, s, m, h, d), such as 30s or 5m, got 0.5")]
    [InlineData("name: A, kind: unpriced_model, window: 15m, threshold: -1", "rule 'A': threshold: must be a whole number of at least 0, got -1")]
    [InlineData("name: A, kind: unpriced_model, window: 15m, threshold: 0.5", "rule 'A': threshold: must be a whole number of at least 0, got 0.5")]
    // window, for, keepFiringFor, minSamples
    [InlineData("name: A, kind: tool_success_rate, threshold: 0.9", "rule 'A': window: missing; the span of samples the rule judges, such as 10m")]
    [InlineData("name: A, kind: tool_success_rate, window: 0s, threshold: 0.9", "rule 'A': window: must be longer than 0")]
    [InlineData("name: A, kind: tool_success_rate, window: 10, threshold: 0.9", "rule 'A': window: must be a duration with a unit (ms, s, m, h, d), such as 30s or 5m, got 10")]
    [InlineData("name: A, kind: tool_success_rate, window: , threshold: 0.9", "rule 'A': window: has no value")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, for: 2 m", "rule 'A': for: must be a duration such as 30s, 5m or 1h30m (units ms, s, m, h, d; at most 3650d), got '2 m'")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, keepFiringFor: 1.5h", "rule 'A': keepFiringFor: must be a duration such as 30s, 5m or 1h30m (units ms, s, m, h, d; at most 3650d), got '1.5h'")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 0.9, minSamples: 2.5", "rule 'A': minSamples: must be a whole number of at least 0, got 2.5")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 0.9, minSamples: '20'", "rule 'A': minSamples: must be a whole number of at least 0, got '20'")]
    // kind-specific fields
    [InlineData("name: A, kind: loop_iterations, window: 10m, threshold: 0.01", "rule 'A': maxIterations: missing; a run with more iterations than this counts, such as 8")]
    [InlineData("name: A, kind: loop_iterations, window: 10m, threshold: 0.01, maxIterations: 0", "rule 'A': maxIterations: must be a whole number of at least 1, got 0")]
    [InlineData("name: A, kind: loop_iterations, window: 10m, threshold: 0.01, maxIterations: 3000000000", "rule 'A': maxIterations: must be at most 2147483647, got 3000000000")]
    [InlineData("name: A, kind: run_duration_quantile, window: 15m, threshold: 30s", "rule 'A': quantile: missing; a number between 0 and 1, such as 0.99")]
    [InlineData("name: A, kind: run_duration_quantile, window: 15m, threshold: 30s, quantile: 1", "rule 'A': quantile: must be between 0 and 1 (exclusive), got 1")]
    [InlineData("name: A, kind: run_duration_quantile, window: 15m, threshold: 30s, quantile: 99", "rule 'A': quantile: must be between 0 and 1 (exclusive), got 99")]
    [InlineData("name: A, kind: trace_loss, threshold: 5m, retireAfter: 5m", "rule 'A': retireAfter: must be longer than threshold (5m), got 5m")]
    [InlineData("name: A, kind: trace_loss, threshold: 2d", "rule 'A': retireAfter: must be longer than threshold (2d), got 1d")]
    // groupBy
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 0.9, groupBy: [agent, model]", "rule 'A': groupBy: kind tool_success_rate groups by agent, tool only, got 'model'")]
    [InlineData("name: A, kind: loop_iterations, window: 10m, threshold: 0.01, maxIterations: 8, groupBy: [tool]", "rule 'A': groupBy: kind loop_iterations groups by agent only, got 'tool'")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, groupBy: [agent]", "rule 'A': groupBy: kind pipeline_silence has no groups, got 'agent'")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 0.9, groupBy: [agent, agent]", "rule 'A': groupBy: lists the same item twice, got 'agent'")]
    [InlineData("name: A, kind: tool_success_rate, window: 10m, threshold: 0.9, groupBy: agent", "rule 'A': groupBy: must be a list, such as [agent, tool], got 'agent'")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, groupBy: [Team]", "rule 'A': groupBy: 'Team' is not a dimension name (lower-case letters, digits, '_' and '.'); a budget groups by agent, model, provider, service, user or custom cost dimensions")]
    // severity, labels, annotations
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, severity: ''", "rule 'A': severity: must be non-empty text, got ''")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, labels: { alertname: B }", "rule 'A': labels.alertname: 'alertname' is set by CostWatch (write name: instead)")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, labels: { severity: page }", "rule 'A': labels.severity: 'severity' is set by CostWatch (write severity: instead)")]
    [InlineData("name: A, kind: trace_loss, threshold: 5m, labels: { agent: x }", "rule 'A': labels.agent: 'agent' is a group label of the rule's alerts")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, labels: { budget_level: x }", "rule 'A': labels.budget_level: 'budget_level' is a group label of the rule's alerts")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, labels: { team: 42 }", "rule 'A': labels.team: must be text (quote numbers and booleans), got 42")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, labels: { my-team: search }", "rule 'A': labels: 'my-team' is not a valid name (letters, digits and '_', not starting with a digit)")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, labels: [team]", "rule 'A': labels: must be a mapping of names to text, got a list")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, annotations: { summary: '{{ $value | precent }}' }", "rule 'A': annotations.summary: at character 13: unknown formatter 'precent'; expected percent, humanizeDuration or usd")]
    [InlineData("name: A, kind: pipeline_silence, threshold: 5m, annotations: { summary: 'silent {{ $labels.agent' }", "rule 'A': annotations.summary: at character 8: '{{' is not closed by '}}'")]
    // budget
    [InlineData("name: A, kind: budget, limitUsd: 100", "rule 'A': period: missing; day, week or month")]
    [InlineData("name: A, kind: budget, period: year, limitUsd: 100", "rule 'A': period: must be day, week or month, got 'year'")]
    [InlineData("name: A, kind: budget, period: day", "rule 'A': limitUsd: missing; the period's limit in USD, such as 100")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 0", "rule 'A': limitUsd: must be more than 0, got 0")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: $100", "rule 'A': limitUsd: must be a number, got '$100'")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, warnAt: []", "rule 'A': warnAt: must list at least one fraction of limitUsd, such as [0.8, 1.0]")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, warnAt: [0.8, 11]", "rule 'A': warnAt: every fraction must be more than 0 and at most 10, got 11")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, warnAt: [0, 1]", "rule 'A': warnAt: every fraction must be more than 0 and at most 10, got 0")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, warnAt: [0.8, 0.80]", "rule 'A': warnAt: lists 0.8 twice")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, warnAt: [80%]", "rule 'A': warnAt: every item must be a number, got '80%'")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, forecast: yes", "rule 'A': forecast: must be true or false, got 'yes'")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, timeZone: Europe/Berln", "rule 'A': timeZone: unknown time zone 'Europe/Berln'; expected an IANA name such as UTC or Europe/Berlin")]
    [InlineData("name: A, kind: budget, period: day, limitUsd: 100, window: 1h", "rule 'A': window: a budget's window is the recent spend a forecast extrapolates; it needs forecast: true")]
    public void OneProblem_OneErrorNamingFileRuleAndField(string rule, string error) =>
        Assert.Equal([$"{FileName}: {error}"], Errors(Rules(rule)));

    [Theory]
    [InlineData("", "the file is empty; expected evaluationInterval: 30s and rules: [ ... ]")]
    [InlineData("- a\n- b\n", "the file: must be a mapping with evaluationInterval, rules and inhibitRules, got a list")]
    [InlineData("evaluationInterval: 30s\n", "rules: missing; a list of rules (rules: [] for none)")]
    [InlineData("rules:\n", "rules: has no value")]
    [InlineData("rules: { name: A }\n", "rules: must be a list of rules, got a mapping")]
    [InlineData("rules:\n  - just text\n", "rules[0]: must be a mapping with name, kind, ... , got 'just text'")]
    [InlineData("rules: []\nevaluationInterval: 500ms\n", "evaluationInterval: must be at least 1s, got 500ms")]
    [InlineData("rules: []\nevaluationInterval: 30\n", "evaluationInterval: must be a duration with a unit (ms, s, m, h, d), such as 30s or 5m, got 30")]
    [InlineData("rules: []\nevaluationIntervall: 30s\n", "evaluationIntervall: unknown field; did you mean 'evaluationInterval'?")]
    [InlineData("rules: []\nrules: []\n", "line 2: duplicate key 'rules'")]
    [InlineData("rules: []\n---\nrules: []\n", "line 2: a second YAML document (---); a rules file holds one")]
    [InlineData("rules: []\ninhibitRules: {}\n", "inhibitRules: must be a list (inhibitRules: [] for none), got a mapping")]
    public void FileProblems_NameTheFileAndTheField(string yaml, string error) =>
        Assert.Equal([$"{FileName}: {error}"], Errors(yaml));

    [Fact]
    public void NotYaml_NamesTheLineAndColumn() =>
        Assert.Matches(@"^alert-rules/x\.yaml: not valid YAML at line 2, column 1: .*did not find expected", Assert.Single(Errors("rules: [ {\n")));

    [Theory]
    [InlineData("{ sourceMatch: { alertname: P }, targetMatch: { alertname: T }, equl: [agent] }", "inhibitRules[0]: equl: unknown field; did you mean 'equal'?")]
    [InlineData("{ targetMatch: { alertname: T } }", "inhibitRules[0]: sourceMatch: missing; labels and the values they must have, such as { alertname: PipelineSilence }")]
    [InlineData("{ sourceMatch: {}, targetMatch: { alertname: T } }", "inhibitRules[0]: sourceMatch: must match at least one label; an empty matcher matches every alert")]
    [InlineData("{ sourceMatch: { alertname: P }, targetMatch: { alertname: TraceLos } }", "inhibitRules[0]: targetMatch.alertname: 'TraceLos' is not the name of a rule in this file")]
    [InlineData("{ sourceMatch: { alertname: P }, targetMatch: { alertname: T }, equal: [agent-name] }", "inhibitRules[0]: equal: 'agent-name' is not a label name (letters, digits and '_', not starting with a digit)")]
    [InlineData("{ sourceMatch: { alertname: P }, targetMatch: { alertname: T }, equal: agent }", "inhibitRules[0]: equal: must be a list, such as [agent, tool], got 'agent'")]
    [InlineData("{ sourceMatch: { alertname: P }, targetMatch: { severity: 2 } }", "inhibitRules[0]: targetMatch.severity: must be text (quote numbers and booleans), got 2")]
    [InlineData("PipelineSilence", "inhibitRules[0]: must be a mapping with sourceMatch, targetMatch and equal, got 'PipelineSilence'")]
    public void InhibitRuleProblems_NameTheInhibitRuleAndTheField(string inhibitRule, string error) =>
        Assert.Equal([$"{FileName}: {error}"],
            Errors(Rules("name: P, kind: pipeline_silence, threshold: 5m", "name: T, kind: trace_loss, threshold: 5m")
                + $"inhibitRules:\n  - {inhibitRule}\n"));

    [Fact]
    public void DuplicateNames_AreReportedAtTheSecondRule() =>
        Assert.Equal([$"{FileName}: rule 'A': name: used by rules[0] too; names must be unique"],
            Errors(Rules("name: A, kind: pipeline_silence, threshold: 5m", "name: A, kind: trace_loss, threshold: 5m")));

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var errors = Errors("evaluationInterval: 0\n" + Rules(
            "name: ToolCallFailureSpike, kind: tool_success_rate, window: 10m, threshold: 1.5, minSample: 20",
            "kind: pipeline_silence, threshold: 5 m",
            "name: Budget, kind: budget, period: day, limitUsd: -5, timeZone: Mars/Olympus"));

        Assert.Equal(
        [
            $"{FileName}: evaluationInterval: must be at least 1s, got 0s",
            $"{FileName}: rule 'ToolCallFailureSpike': minSample: unknown field; did you mean 'minSamples'?",
            $"{FileName}: rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5",
            $"{FileName}: rules[1]: name: missing; every rule needs one, such as HighAgentLoopIterations",
            $"{FileName}: rules[1]: threshold: must be a duration such as 30s, 5m or 1h30m (units ms, s, m, h, d; at most 3650d), got '5 m'",
            $"{FileName}: rule 'Budget': limitUsd: must be more than 0, got -5",
            $"{FileName}: rule 'Budget': timeZone: unknown time zone 'Mars/Olympus'; expected an IANA name such as UTC or Europe/Berlin",
        ], errors);
    }

    [Fact]
    public void AnInvalidRule_DoesNotMakeInhibitRulesNamingItFail()
    {
        // Only the rule's own problem is reported, not a second one for the inhibit rule that names it.
        var errors = Errors(Rules("name: P, kind: pipeline_silence, threshold: 5x", "name: T, kind: trace_loss, threshold: 5m")
            + "inhibitRules:\n  - { sourceMatch: { alertname: P }, targetMatch: { alertname: T } }\n");

        Assert.Equal([$"{FileName}: rule 'P': threshold: must be a duration such as 30s, 5m or 1h30m (units ms, s, m, h, d; at most 3650d), got '5x'"], errors);
    }

    [Fact]
    public void BuiltInAlertNames_AreReserved() =>
        Assert.Subset(ReservedRuleNames.Names.ToHashSet(), BuiltInAlertRules.Names.ToHashSet());
}

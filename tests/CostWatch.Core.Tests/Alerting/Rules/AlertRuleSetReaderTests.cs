using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Core.Tests.Alerting.Rules;

/// <summary>
/// The rules reader on JSON, as the host hands it over (the YAML file's fields, every validation message and the
/// shipped file are tested through the host's parser in the worker tests).
/// </summary>
public sealed class AlertRuleSetReaderTests
{
    [Fact]
    public void Read_JsonDocument_GivesTheRuleSet()
    {
        var rules = AlertRuleSetReader.Read("rules.json", """
            { "evaluationInterval": "1m",
              "rules": [ { "name": "Tools", "kind": "tool_success_rate", "window": "10m", "threshold": 0.9 },
                         { "name": "Quiet", "kind": "pipeline_silence", "threshold": "5m" },
                         { "name": "Lost", "kind": "trace_loss", "threshold": "90s" } ] }
            """);

        Assert.Equal(TimeSpan.FromMinutes(1), rules.EvaluationInterval);
        Assert.Equal("rules.json", rules.Source);
        Assert.Equal(["Tools", "Quiet", "Lost"], rules.Rules.Select(r => r.Name));
        Assert.Equal(["agent", "tool"], rules.Rules[0].GroupBy);
        Assert.Equal(300m, rules.Rules[1].Threshold);
        Assert.Equal(90m, rules.Rules[2].Threshold);
        var inhibit = Assert.Single(rules.InhibitRules);
        Assert.Equal(new Dictionary<string, string> { [AlertLabels.AlertName] = "Quiet" }, inhibit.SourceMatch);
        Assert.Equal(new Dictionary<string, string> { [AlertLabels.AlertName] = "Lost" }, inhibit.TargetMatch);
        Assert.Empty(inhibit.Equal);
    }

    [Fact]
    public void DefaultInhibitRules_EveryPipelineSilenceRuleMutesEveryTraceLossRule()
    {
        AlertRule Rule(string name, AlertRuleKind kind) => new() { Name = name, Kind = kind };

        var inhibit = AlertRuleSetReader.DefaultInhibitRules(
        [
            Rule("P1", AlertRuleKind.PipelineSilence), Rule("T1", AlertRuleKind.TraceLoss),
            Rule("Budget", AlertRuleKind.Budget), Rule("P2", AlertRuleKind.PipelineSilence), Rule("T2", AlertRuleKind.TraceLoss),
        ]);

        Assert.Equal(["P1>T1", "P1>T2", "P2>T1", "P2>T2"],
            inhibit.Select(i => $"{i.SourceMatch[AlertLabels.AlertName]}>{i.TargetMatch[AlertLabels.AlertName]}"));
    }

    [Fact]
    public void Read_NotJson_FailsNamingTheFile()
    {
        var error = Assert.Throws<AlertRulesException>(() => AlertRuleSetReader.Read("rules.json", "{ rules: "));

        Assert.StartsWith("rules.json: not a valid document: ", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Equal("rules.json", error.FileName);
    }

    [Fact]
    public void KindNames_RoundTrip()
    {
        foreach (var kind in Enum.GetValues<AlertRuleKind>())
        {
            Assert.True(AlertRuleKinds.TryParse(AlertRuleKinds.FileName(kind), out var back));
            Assert.Equal(kind, back);
        }

        Assert.Equal(["loop_iterations", "tool_success_rate", "context_window", "run_duration_quantile", "trace_loss",
            "budget", "unpriced_model", "pipeline_silence"], AlertRuleKinds.FileNames);
    }
}

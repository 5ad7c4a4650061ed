using System.Text.RegularExpressions;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Worker.Alerting;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>The rules file examples in README.md are accepted as written, with the values they describe.</summary>
public sealed partial class ReadmeAlertRulesExamplesTests
{
    private static IReadOnlyList<string> YamlExamples()
    {
        var readme = DemoStack.RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("### Alert rules file", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n## ", start, StringComparison.Ordinal)];
        return CodeBlock().Matches(section).Where(m => m.Groups["language"].Value == "yaml").Select(m => m.Groups["code"].Value).ToArray();
    }

    [Fact]
    public void RuleExample_Parses_WithTheValuesItsCommentsGive()
    {
        var rules = AlertRulesParser.Parse(YamlExamples()[0], "README.md");

        var rule = Assert.Single(rules.Rules);
        Assert.Equal(TimeSpan.FromSeconds(30), rules.EvaluationInterval);
        Assert.Equal((AlertRuleKind.ToolSuccessRate, "critical", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), 20L, 0.90m),
            (rule.Kind, rule.Severity, rule.Window!.Value, rule.For, rule.KeepFiringFor, rule.MinSamples, rule.Threshold));
        Assert.Equal(["agent", "tool"], rule.GroupBy);
        Assert.Equal("platform", rule.Labels["team"]);
        Assert.Equal("search of researcher succeeds 85% of the time", rule.Annotations["summary"].Render(
            new(new Dictionary<string, string> { ["agent"] = "researcher", ["tool"] = "search" }, 0.85m, 0.9m)));
    }

    [Fact]
    public void InhibitExample_Parses()
    {
        var rules = AlertRulesParser.Parse(
            "rules:\n  - { name: PipelineSilence, kind: pipeline_silence, threshold: 5m }\n  - { name: TraceLoss, kind: trace_loss, threshold: 5m }\n"
            + YamlExamples()[1], "README.md");

        var inhibit = Assert.Single(rules.InhibitRules);
        Assert.Equal(("PipelineSilence", "TraceLoss", 0), (inhibit.SourceMatch["alertname"], inhibit.TargetMatch["alertname"], inhibit.Equal.Count));
    }

    [GeneratedRegex(@"```(?<language>\w+)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}

using CostWatch.TestSupport;

namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>The Prometheus rules (<c>alert-rules/prometheus/</c>): valid, and passing their own promtool unit tests.</summary>
public sealed class PrometheusRulesTests
{
    [PromtoolFact]
    public async Task RulesFile_PassesPromtoolCheckRules()
    {
        var (exitCode, output) = await Promtool.RunAsync(RepositoryFiles.Root, "check", "rules", "alert-rules/prometheus/costwatch.rules.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 8 rules found", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task RulesFile_PassesItsPromtoolUnitTests()
    {
        var tests = Directory.GetFiles(RepositoryFiles.PathOf("alert-rules/prometheus/tests"), "*.yml")
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(tests);

        var (exitCode, output) = await Promtool.RunAsync(RepositoryFiles.Root, ["test", "rules", .. tests]);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PromtoolUnitTests_CoverEveryAlertOfTheRulesFile()
    {
        var rules = YamlFile.Parse(RepositoryFiles.Read("alert-rules/prometheus/costwatch.rules.yml")).Mappings("groups")
            .SelectMany(group => group.Mappings("rules")).Select(rule => rule.Scalar("alert")!).ToHashSet();
        var tested = Directory.GetFiles(RepositoryFiles.PathOf("alert-rules/prometheus/tests"), "*.yml")
            .SelectMany(path => YamlFile.Parse(File.ReadAllText(path)).Mappings("tests"))
            .SelectMany(test => test.Mappings("alert_rule_test"))
            .Where(check => check.Get("exp_alerts") is YamlDotNet.RepresentationModel.YamlSequenceNode { Children.Count: > 0 })
            .Select(check => check.Scalar("alertname")!)
            .ToHashSet();

        Assert.Equal(rules.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }
}

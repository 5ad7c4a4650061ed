using CostWatch.Worker.Alerting;
using CostWatch.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>The rules file at start-up: the shipped one by default; an invalid one stops the start.</summary>
public sealed class AlertRulesStartupTests
{
    [Fact]
    public void InvalidRulesFile_StopsTheStart_NamingKeyFileRuleAndField()
    {
        var directory = Directory.CreateTempSubdirectory("costwatch-rules-").FullName;
        var path = Path.Combine(directory, "rules.yaml");
        File.WriteAllText(path, "rules:\n  - name: ToolCallFailureSpike\n    kind: tool_success_rate\n    window: 10m\n    threshold: 1.5\n");
        try
        {
            var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build([$"--CostWatch:Alerting:RulesFile={path}"]));

            Assert.Equal([$"CostWatch:Alerting:RulesFile: {path}: rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5"],
                error.Failures);
            Assert.Contains($"  - CostWatch:Alerting:RulesFile: {path}: rule 'ToolCallFailureSpike': threshold: must be between 0 and 1, got 1.5",
                error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void InvalidAlertingOptions_StopTheStart_NamingEveryKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
            ["--CostWatch:Alerting:RulesFile=rules.txt", "--CostWatch:Alerting:RulesReloadInterval=00:00:00"]));

        Assert.Equal(
        [
            "CostWatch:Alerting:RulesFile must be a YAML file ending in .yaml or .yml, was 'rules.txt'.",
            "CostWatch:Alerting:RulesReloadInterval must be at least 00:00:01, was 00:00:00.",
        ], error.Failures);
    }

    [Fact]
    public async Task ByDefault_TheShippedRulesAreInForce()
    {
        await using var app = CostWatchApp.Build(["--ConnectionStrings:CostWatch=Data Source=:memory:"]);

        var rules = app.Services.GetRequiredService<IAlertRulesSource>();

        Assert.IsType<AlertRulesFileSource>(rules);
        Assert.Contains(rules.Current.Rules, rule => rule.Name == "HighAgentLoopIterations");
        Assert.EndsWith(AlertingOptions.DefaultRulesFile, rules.Current.Source, StringComparison.Ordinal);
    }
}

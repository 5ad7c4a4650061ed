using CostWatch.Worker.Alerting;

namespace CostWatch.Worker.Tests.Alerting;

public sealed class AlertingOptionsValidatorTests
{
    private static IEnumerable<string> Failures(AlertingOptions options) =>
        new AlertingOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(Failures(new AlertingOptions()));

    [Theory]
    [InlineData(" ", "CostWatch:Alerting:RulesFile is empty; it names the alert rules file (a file with 'rules: []' has no rules).")]
    [InlineData("rules.json", "CostWatch:Alerting:RulesFile must be a YAML file ending in .yaml or .yml, was 'rules.json'.")]
    public void RulesFile_Problems_NameTheKey(string rulesFile, string failure) =>
        Assert.Equal([failure], Failures(new AlertingOptions { RulesFile = rulesFile }));

    [Fact]
    public void ReloadInterval_UnderASecond_IsRefused() =>
        Assert.Equal(["CostWatch:Alerting:RulesReloadInterval must be at least 00:00:01, was 00:00:00.5000000."],
            Failures(new AlertingOptions { RulesFile = "rules.YML", RulesReloadInterval = TimeSpan.FromMilliseconds(500) }));
}

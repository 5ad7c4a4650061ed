using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Templates;
using CostWatch.Worker.Alerting;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>The shipped rules file, field by field, and the defaults of each kind.</summary>
public sealed class AlertRulesParserTests
{
    /// <summary>The copy next to the test binary, as the worker's build ships it.</summary>
    private static readonly string ShippedFile = Path.Combine(AppContext.BaseDirectory, "alert-rules", "costwatch-rules.yaml");

    private static AlertRuleSet Shipped() => AlertRulesParser.Parse(File.ReadAllText(ShippedFile), "alert-rules/costwatch-rules.yaml");

    private static AlertRule Rule(string name) => Shipped().Rules.Single(r => r.Name == name);

    private static AlertRule Only(string rule) => Assert.Single(AlertRulesParser.Parse($"rules:\n  - {{ {rule} }}\n", "x.yaml").Rules);

    private static string Summary(AlertRule rule, decimal? value, decimal? threshold, params (string Name, string Value)[] labels) =>
        rule.Annotations["summary"].Render(new AlertTemplateContext(labels.ToDictionary(l => l.Name, l => l.Value), value, threshold));

    [Fact]
    public void ShippedFile_HasTheRulesInOrder_EvaluatedEvery30s()
    {
        var rules = Shipped();

        Assert.Equal(TimeSpan.FromSeconds(30), rules.EvaluationInterval);
        Assert.Equal("alert-rules/costwatch-rules.yaml", rules.Source);
        Assert.Equal(
            ["HighAgentLoopIterations", "ToolCallFailureSpike", "TokenBudgetExceeded", "AgentRunLatencyP99", "TraceLoss",
             "DailySpendBudget", "UnpricedModelCalls", "PipelineSilence"],
            rules.Rules.Select(r => r.Name));
    }

    /// <summary>Every field of a rule on one line, so a test states all of them, the unset ones too.</summary>
    private static string Describe(AlertRule r) => string.Join(" ",
        $"kind={AlertRuleKinds.FileName(r.Kind)}", $"severity={r.Severity}", $"groupBy=[{string.Join(",", r.GroupBy)}]",
        $"window={Duration(r.Window)}", $"for={Duration(r.For)}", $"keepFiringFor={Duration(r.KeepFiringFor)}",
        $"minSamples={r.MinSamples}", $"threshold={r.Threshold}", $"maxIterations={r.MaxIterations?.ToString() ?? "-"}",
        $"quantile={r.Quantile?.ToString() ?? "-"}", $"retireAfter={Duration(r.RetireAfter)}", $"period={r.Period?.ToString() ?? "-"}",
        $"limitUsd={r.LimitUsd?.ToString() ?? "-"}", $"warnAt=[{string.Join(",", r.WarnAt)}]", $"forecast={r.Forecast}",
        $"timeZone={r.TimeZone.Id}", $"labels={r.Labels.Count}", $"annotations=[{string.Join(",", r.Annotations.Keys.Order())}]");

    private static string Duration(TimeSpan? duration) => duration is { } d ? RuleDuration.Format(d) : "-";

    [Theory]
    [InlineData("HighAgentLoopIterations", "kind=loop_iterations severity=warning groupBy=[agent] window=15m for=5m keepFiringFor=5m minSamples=50 threshold=0.01 maxIterations=8 quantile=- retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[summary]")]
    [InlineData("ToolCallFailureSpike", "kind=tool_success_rate severity=critical groupBy=[agent,tool] window=10m for=2m keepFiringFor=0s minSamples=20 threshold=0.90 maxIterations=- quantile=- retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]")]
    [InlineData("TokenBudgetExceeded", "kind=context_window severity=warning groupBy=[agent,model] window=10m for=0s keepFiringFor=0s minSamples=0 threshold=0.90 maxIterations=- quantile=- retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]")]
    [InlineData("AgentRunLatencyP99", "kind=run_duration_quantile severity=critical groupBy=[agent] window=15m for=5m keepFiringFor=0s minSamples=20 threshold=30 maxIterations=- quantile=0.99 retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]")]
    [InlineData("TraceLoss", "kind=trace_loss severity=critical groupBy=[agent] window=- for=0s keepFiringFor=0s minSamples=0 threshold=300 maxIterations=- quantile=- retireAfter=1d period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]")]
    [InlineData("DailySpendBudget", "kind=budget severity=warning groupBy=[] window=1h for=0s keepFiringFor=0s minSamples=0 threshold=0 maxIterations=- quantile=- retireAfter=- period=Day limitUsd=100 warnAt=[0.8,1.0] forecast=True timeZone=UTC labels=0 annotations=[summary]")]
    [InlineData("UnpricedModelCalls", "kind=unpriced_model severity=warning groupBy=[agent,model] window=15m for=0s keepFiringFor=0s minSamples=0 threshold=0 maxIterations=- quantile=- retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[description,summary]")]
    [InlineData("PipelineSilence", "kind=pipeline_silence severity=critical groupBy=[] window=- for=0s keepFiringFor=0s minSamples=0 threshold=300 maxIterations=- quantile=- retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[summary]")]
    public void ShippedFile_EveryFieldOfEveryRule(string name, string fields) =>
        Assert.Equal(fields, Describe(Rule(name)));

    [Fact]
    public void ShippedFile_Annotations()
    {
        Assert.Equal("researcher: 1.23% of runs needed more than 8 iterations",
            Summary(Rule("HighAgentLoopIterations"), 0.0123m, 0.01m, ("agent", "researcher")));
        Assert.Equal("Daily spend $84.20 against $80.00 (level 80%)", Summary(Rule("DailySpendBudget"), 84.2m, 80m, ("budget_level", "80%")));
        Assert.Equal("support called llama-local 3 times in 15m and CostWatch cannot price it",
            Summary(Rule("UnpricedModelCalls"), 3m, 0m, ("agent", "support"), ("model", "llama-local")));
        Assert.Equal("Add llama-local to a price file (CostWatch:Pricing:Files), then re-price the calls already stored.",
            Rule("UnpricedModelCalls").Annotations["description"].Render(new(new Dictionary<string, string> { ["model"] = "llama-local" }, 3m, 0m)));
        Assert.Equal("No telemetry from any agent for 7m 12s", Summary(Rule("PipelineSilence"), 432m, 300m));
    }

    [Fact]
    public void ShippedFile_PipelineSilenceMutesTraceLoss()
    {
        var inhibit = Assert.Single(Shipped().InhibitRules);

        Assert.Equal(new Dictionary<string, string> { [AlertLabels.AlertName] = "PipelineSilence" }, inhibit.SourceMatch);
        Assert.Equal(new Dictionary<string, string> { [AlertLabels.AlertName] = "TraceLoss" }, inhibit.TargetMatch);
        Assert.Empty(inhibit.Equal);
    }

    [Fact]
    public void ShippedFile_WithoutItsInhibitRules_HasTheSameByDefault()
    {
        var text = File.ReadAllText(ShippedFile);
        var withoutKey = AlertRulesParser.Parse(text[..text.IndexOf("\ninhibitRules:", StringComparison.Ordinal)], "x.yaml");

        Assert.Equivalent(Shipped().InhibitRules, withoutKey.InhibitRules, strict: true);
    }

    [Fact]
    public void ExplicitlyEmptyInhibitRules_MuteNothing() =>
        Assert.Empty(AlertRulesParser.Parse(
            "rules:\n  - { name: P, kind: pipeline_silence, threshold: 5m }\n  - { name: T, kind: trace_loss, threshold: 5m }\ninhibitRules: []\n",
            "x.yaml").InhibitRules);

    [Fact]
    public void InhibitRules_MayNameBuiltInAlerts_AndListEqualLabels()
    {
        var inhibit = Assert.Single(AlertRulesParser.Parse("""
            rules:
              - { name: Tools, kind: tool_success_rate, window: 10m, threshold: 0.9 }
            inhibitRules:
              - sourceMatch: { alertname: CostWatchRuleEvaluationFailing }
                targetMatch: { severity: warning }
                equal: [agent]
            """, "x.yaml").InhibitRules);

        Assert.Equal(["agent"], inhibit.Equal);
        Assert.Equal("warning", inhibit.TargetMatch["severity"]);
    }

    [Fact]
    public void EmptyRulesList_IsValid_WithTheDefaultInterval()
    {
        var rules = AlertRulesParser.Parse("rules: []\n", "x.yaml");

        Assert.Equal((TimeSpan.FromSeconds(30), 0, 0), (rules.EvaluationInterval, rules.Rules.Count, rules.InhibitRules.Count));
    }

    [Theory]
    [InlineData("kind: loop_iterations, window: 5m, maxIterations: 3, threshold: 0.1", "agent")]
    [InlineData("kind: tool_success_rate, window: 5m, threshold: 0.9", "agent,tool")]
    [InlineData("kind: context_window, window: 5m, threshold: 0.9", "agent,model")]
    [InlineData("kind: run_duration_quantile, window: 5m, quantile: 0.5, threshold: 1s", "agent")]
    [InlineData("kind: trace_loss, threshold: 5m", "agent")]
    [InlineData("kind: unpriced_model, window: 5m", "agent,model")]
    [InlineData("kind: pipeline_silence, threshold: 5m", "")]
    [InlineData("kind: budget, period: month, limitUsd: 1000", "")]
    public void Defaults_GroupByEveryLabelOfTheKind_WarningSeverity_NoForNorKeepFiring(string fields, string groupBy)
    {
        var rule = Only("name: R, " + fields);

        Assert.Equal(groupBy, string.Join(',', rule.GroupBy));
        Assert.Equal(("warning", TimeSpan.Zero, TimeSpan.Zero, 0L), (rule.Severity, rule.For, rule.KeepFiringFor, rule.MinSamples));
        Assert.Empty(rule.Labels);
        Assert.Empty(rule.Annotations);
    }

    [Fact]
    public void Defaults_KindFields()
    {
        var traceLoss = Only("name: R, kind: trace_loss, threshold: 5m");
        var budget = Only("name: R, kind: budget, period: week, limitUsd: 1000");
        var unpriced = Only("name: R, kind: unpriced_model, window: 5m");

        Assert.Equal("kind=trace_loss severity=warning groupBy=[agent] window=- for=0s keepFiringFor=0s minSamples=0 threshold=300 maxIterations=- quantile=- retireAfter=1d period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]", Describe(traceLoss));
        Assert.Equal("kind=budget severity=warning groupBy=[] window=- for=0s keepFiringFor=0s minSamples=0 threshold=0 maxIterations=- quantile=- retireAfter=- period=Week limitUsd=1000 warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]", Describe(budget));
        Assert.Equal("kind=unpriced_model severity=warning groupBy=[agent,model] window=5m for=0s keepFiringFor=0s minSamples=0 threshold=0 maxIterations=- quantile=- retireAfter=- period=- limitUsd=- warnAt=[1.0] forecast=False timeZone=UTC labels=0 annotations=[]", Describe(unpriced));
    }

    [Fact]
    public void Budget_GroupsByCustomDimensions_InAnIanaTimeZone_WarnAtInAscendingOrder()
    {
        var rule = Only("name: TeamBudget, kind: budget, groupBy: [team, provider, cost.center], period: month, limitUsd: 2500.50, warnAt: [1.0, 0.5, 0.9], timeZone: Europe/Berlin, forecast: false");

        Assert.Equal(["team", "provider", "cost.center"], rule.GroupBy);
        Assert.Equal((BudgetPeriod.Month, 2500.50m, "Europe/Berlin"), (rule.Period!.Value, rule.LimitUsd!.Value, rule.TimeZone.Id));
        Assert.Equal([0.5m, 0.9m, 1.0m], rule.WarnAt);
    }

    [Fact]
    public void Durations_AcceptEveryUnitAndCombinations()
    {
        var rule = Only("name: R, kind: tool_success_rate, window: 1h30m, for: 90s, keepFiringFor: 1d, threshold: 0.9");

        Assert.Equal((TimeSpan.FromMinutes(90), TimeSpan.FromSeconds(90), TimeSpan.FromDays(1)), (rule.Window!.Value, rule.For, rule.KeepFiringFor));
        Assert.Equal(0.25m, Only("name: R, kind: pipeline_silence, threshold: 250ms").Threshold);
        Assert.Equal(TimeSpan.Zero, Only("name: R, kind: pipeline_silence, threshold: 5m, for: 0").For);
    }

    [Fact]
    public void LabelsAndAnnotations_AreKept()
    {
        var rule = Only("name: R, kind: tool_success_rate, window: 10m, threshold: 0.9, severity: page, labels: { team: platform, runbook_id: '42' }, annotations: { summary: '{{ $labels.tool }} at {{ $value | percent }}', runbook: 'https://runbooks/tools' }");

        Assert.Equal("page", rule.Severity);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "platform", ["runbook_id"] = "42" }, rule.Labels);
        Assert.Equal(["runbook", "summary"], rule.Annotations.Keys.Order());
        Assert.Equal("search at 85%", rule.Annotations["summary"].Render(new(new Dictionary<string, string> { ["tool"] = "search" }, 0.85m, 0.9m)));
        Assert.Equal("https://runbooks/tools", rule.Annotations["runbook"].Text);
    }

    [Fact]
    public void ThresholdWrittenAsQuotedNumber_IsRejected_ButQuotedDurationsAreText()
    {
        // YAML quoting makes text; a fraction must be a number, while a duration is always text.
        Assert.Equal(0.9m, Only("name: R, kind: tool_success_rate, window: '10m', threshold: 0.9").Threshold);
        Assert.Throws<AlertRulesException>(() => Only("name: R, kind: tool_success_rate, window: 10m, threshold: '0.9'"));
    }
}

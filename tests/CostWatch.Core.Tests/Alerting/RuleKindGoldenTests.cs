using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Data;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Core.Alerting.Samples;

namespace CostWatch.Core.Tests.Alerting;

/// <summary>Each rule kind's judgement from its samples, and the timelines that need more than one rule or a clock.</summary>
public sealed class RuleKindGoldenTests
{
    private static readonly DateTime Start = AlertTimeline.T0;

    private static readonly AlertRule TraceLoss = new()
    {
        Name = "TraceLoss",
        Kind = AlertRuleKind.TraceLoss,
        Severity = "critical",
        GroupBy = ["agent"],
        Threshold = 300,
        RetireAfter = TimeSpan.FromHours(24),
    };

    private static readonly AlertRule PipelineSilence = new()
    {
        Name = "PipelineSilence",
        Kind = AlertRuleKind.PipelineSilence,
        Severity = "critical",
        Threshold = 300,
    };

    [Theory]
    [InlineData(100, 1, 0.01, "Clear", 0.01)]
    [InlineData(100, 2, 0.01, "Breached", 0.02)]
    [InlineData(49, 49, 0.01, "InsufficientData", 1)]
    public void LoopIterations_JudgesTheShareOfRunsOverTheLimit(long runs, long over, decimal threshold, string verdict, decimal value)
    {
        var rule = new AlertRule { Name = "Loops", Kind = AlertRuleKind.LoopIterations, GroupBy = ["agent"], MinSamples = 50, MaxIterations = 8, Threshold = threshold };

        var observation = Assert.Single(RuleObservations.LoopIterations(rule, [new IterationCounts("researcher", runs, over)]));

        Assert.Equal((Enum.Parse<AlertVerdict>(verdict), value), (observation.Verdict, observation.Value));
    }

    [Fact]
    public void ToolSuccessRate_GroupsByAgentAndTool_AndNeedsMinSamples()
    {
        var rule = new AlertRule { Name = "Tools", Kind = AlertRuleKind.ToolSuccessRate, GroupBy = ["agent", "tool"], MinSamples = 20, Threshold = 0.9m };

        var observations = RuleObservations.ToolSuccessRate(rule,
        [
            new ToolCounts("a", "search", 40, 8), new ToolCounts("a", "fetch", 40, 0), new ToolCounts("b", "search", 10, 10),
        ]).ToDictionary(o => string.Join(',', o.GroupLabels.Select(l => l.Value)));

        Assert.Equal((AlertVerdict.Breached, 0.8m), (observations["a,search"].Verdict, observations["a,search"].Value));
        Assert.Equal(AlertVerdict.Clear, observations["a,fetch"].Verdict);
        Assert.Equal(AlertVerdict.InsufficientData, observations["b,search"].Verdict);
    }

    [Fact]
    public void ToolSuccessRate_WithoutToolInGroupBy_AddsTheAgentsTools()
    {
        var rule = new AlertRule { Name = "Tools", Kind = AlertRuleKind.ToolSuccessRate, GroupBy = ["agent"], MinSamples = 20, Threshold = 0.9m };

        var observation = Assert.Single(RuleObservations.ToolSuccessRate(rule, [new ToolCounts("a", "search", 10, 3), new ToolCounts("a", "fetch", 10, 0)]));

        Assert.Equal((AlertVerdict.Breached, 0.85m, 20L), (observation.Verdict, observation.Value, observation.Samples));
    }

    [Theory]
    [InlineData(180_000, "Clear")]   // exactly 0.90 of 200k: not above the threshold
    [InlineData(180_001, "Breached")]
    public void ContextWindow_IsExactAtTheThreshold(long maxInputTokens, string verdict)
    {
        var rule = new AlertRule { Name = "Context", Kind = AlertRuleKind.ContextWindow, GroupBy = ["agent", "model"], Threshold = 0.9m };

        var observation = Assert.Single(RuleObservations.ContextWindow(rule,
            [new LlmCounts("a", "claude-sonnet-4", "anthropic", 3, 0, maxInputTokens), new LlmCounts("a", "mystery", "x", 1, 1, 10_000_000)],
            (_, model) => model == "claude-sonnet-4" ? 200_000 : null));

        Assert.Equal(Enum.Parse<AlertVerdict>(verdict), observation.Verdict);
        Assert.Equal("claude-sonnet-4", observation.GroupLabels.Single(l => l.Key == "model").Value);
    }

    [Fact]
    public void RunDurationQuantile_ReadsTheBucketHoldingTheRank_NeverBelowTheExactValue()
    {
        var rule = new AlertRule { Name = "Latency", Kind = AlertRuleKind.RunDurationQuantile, GroupBy = ["agent"], MinSamples = 20, Quantile = 0.99m, Threshold = 30 };
        // 98 runs of 2 s and 2 runs of 45 s: the 99th of 100 is a 45 s run.
        var fast = DurationBuckets.Of(2_000_000);
        var slow = DurationBuckets.Of(45_000_000);

        var observation = Assert.Single(RuleObservations.RunDurationQuantile(rule, [new DurationCounts("a", fast, 98), new DurationCounts("a", slow, 2)]));

        Assert.Equal(AlertVerdict.Breached, observation.Verdict);
        Assert.InRange(observation.Value!.Value, 45m, 45m * 1.045m);
    }

    [Theory]
    [InlineData(1_000, 0)]
    [InlineData(1_001, 1)]
    [InlineData(30_000_000, 0)]
    [InlineData(30_000_001, 0)]
    public void DurationBuckets_HoldTheirUpperBound_AndAreAtMostFourPointFivePercentWide(long microseconds, int _)
    {
        var bucket = DurationBuckets.Of(microseconds);

        Assert.InRange(DurationBuckets.UpperBoundMicroseconds(bucket), microseconds, (long)Math.Ceiling(Math.Max(1_000, microseconds) * 1.0443));
        Assert.True(bucket == 0 || DurationBuckets.UpperBoundMicroseconds(bucket - 1) < microseconds);
    }

    [Fact]
    public void TraceLoss_FiresForASilentAgent_ThenRetiresItAfterRetireAfter()
    {
        var timeline = new AlertTimeline();
        var agents = new[] { new KnownAgent("researcher", Start, Start, null), new KnownAgent("writer", Start, Start, null) };
        void At(TimeSpan at, KnownAgent[] known) => timeline.Round(at, TraceLoss,
            [.. RuleObservations.TraceLoss(TraceLoss, known, new HashSet<string>(), Start, Start + at)]);

        At(TimeSpan.FromMinutes(4), agents);
        Assert.Null(timeline.StateOf(TraceLoss, ("agent", "researcher")));

        // writer keeps reporting; researcher has been silent for six minutes.
        agents[1] = agents[1] with { LastSeen = Start.AddMinutes(6) };
        At(TimeSpan.FromMinutes(6), agents);
        Assert.Equal(AlertState.Firing, timeline.StateOf(TraceLoss, ("agent", "researcher")));
        Assert.Null(timeline.StateOf(TraceLoss, ("agent", "writer")));
        Assert.Equal(360m, timeline.Find(TraceLoss, ("agent", "researcher"))!.Value);

        var day = TimeSpan.FromHours(24);
        agents[1] = agents[1] with { LastSeen = Start + day };
        Assert.Equal(["researcher"], RuleObservations.Retiring(TraceLoss, agents, new HashSet<string>(), Start, Start + day));
        At(day, agents);
        var retired = timeline.Find(TraceLoss, ("agent", "researcher"))!;
        Assert.Equal((AlertState.Resolved, AlertReasons.Retired), (retired.State, retired.Reason));

        // Marked retired in the registry, it is no longer expected: no new alert.
        agents[0] = agents[0] with { RetiredAt = Start + day };
        agents[1] = agents[1] with { LastSeen = Start + day + TimeSpan.FromHours(1) };
        At(day + TimeSpan.FromHours(1), agents);
        Assert.Equal(AlertState.Resolved, timeline.StateOf(TraceLoss, ("agent", "researcher")));
        Assert.Equal(["firing", "resolved"], timeline.Events.Select(e => e.Status));

        // Reporting again makes it expected again.
        Assert.False((agents[0] with { LastSeen = Start + day + TimeSpan.FromHours(2) }).IsRetired);
    }

    [Fact]
    public void TraceLoss_AnExpectedAgentThatNeverReports_FiresOneThresholdAfterStartUp_AndNeverRetires()
    {
        var expected = new HashSet<string>(["billing"]);
        var timeline = new AlertTimeline();
        void At(TimeSpan at) => timeline.Round(at, TraceLoss, [.. RuleObservations.TraceLoss(TraceLoss, [], expected, Start, Start + at)]);

        At(TimeSpan.FromMinutes(4));
        Assert.Null(timeline.StateOf(TraceLoss, ("agent", "billing")));
        At(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));
        Assert.Equal(AlertState.Firing, timeline.StateOf(TraceLoss, ("agent", "billing")));
        At(TimeSpan.FromDays(3));
        Assert.Equal(AlertState.Firing, timeline.StateOf(TraceLoss, ("agent", "billing")));
        Assert.Empty(RuleObservations.Retiring(TraceLoss, [new KnownAgent("billing", Start, Start, null)], expected, Start, Start + TimeSpan.FromDays(3)));
    }

    [Fact]
    public void TraceLoss_JudgesNothingUntilCostWatchHasBeenUpForOneThreshold()
    {
        // Silent for an hour before CostWatch restarted: it could not have heard anything while it was down.
        var restartedAt = Start.AddHours(1);
        var agents = new[] { new KnownAgent("researcher", Start, Start, null) };

        var early = Assert.Single(RuleObservations.TraceLoss(TraceLoss, agents, new HashSet<string>(), restartedAt, restartedAt.AddMinutes(4)));
        var later = Assert.Single(RuleObservations.TraceLoss(TraceLoss, agents, new HashSet<string>(), restartedAt, restartedAt.AddMinutes(5)));

        Assert.Equal((AlertVerdict.InsufficientData, AlertVerdict.Breached), (early.Verdict, later.Verdict));
    }

    [Fact]
    public void PipelineSilence_InhibitsPerAgentTraceLoss_WhichIsNotifiedOnceThePipelineRecovers()
    {
        var timeline = new AlertTimeline
        {
            InhibitRules = [new InhibitRule(new Dictionary<string, string> { ["alertname"] = "PipelineSilence" },
                new Dictionary<string, string> { ["alertname"] = "TraceLoss" }, [])],
        };
        var agents = new[] { new KnownAgent("researcher", Start, Start, null), new KnownAgent("writer", Start, Start, null) };
        void At(TimeSpan at) => timeline.Round(at,
            (TraceLoss, RuleObservations.TraceLoss(TraceLoss, agents, new HashSet<string>(), Start, Start + at), TimeSpan.Zero),
            (PipelineSilence, RuleObservations.PipelineSilence(PipelineSilence, agents, Start, Start + at), TimeSpan.Zero));

        // Everything silent: the pipeline alert fires, the per-agent ones fire muted.
        At(TimeSpan.FromMinutes(6));
        var pipeline = timeline.Find(PipelineSilence)!;
        Assert.Equal(AlertState.Firing, pipeline.State);
        Assert.Equal([pipeline.Fingerprint], timeline.Find(TraceLoss, ("agent", "researcher"))!.InhibitedBy);
        Assert.Equal(["PipelineSilence"], timeline.Events.Select(e => e.Rule));

        // writer comes back: the pipeline resolves, and researcher, still silent, is notified now.
        agents[1] = agents[1] with { LastSeen = Start.AddMinutes(7) };
        At(TimeSpan.FromMinutes(7));
        Assert.Equal(AlertState.Resolved, timeline.StateOf(PipelineSilence));
        Assert.Empty(timeline.Find(TraceLoss, ("agent", "researcher"))!.InhibitedBy);
        Assert.Equal(["PipelineSilence:firing", "PipelineSilence:resolved", "TraceLoss:firing"],
            timeline.Events.Select(e => $"{e.Rule}:{e.Status}").Order(StringComparer.Ordinal));
        Assert.Equal("researcher", timeline.Events.Single(e => e.Rule == "TraceLoss").Labels["agent"]);
        // writer's instance was muted the whole time and never announced: its resolution is silent too.
        Assert.Equal(AlertState.Resolved, timeline.StateOf(TraceLoss, ("agent", "writer")));
    }

    [Fact]
    public void Budget_ForecastFiresBeforeTheBudgetIsSpent()
    {
        var rule = new AlertRule
        {
            Name = "DailySpendBudget",
            Kind = AlertRuleKind.Budget,
            Severity = "warning",
            GroupBy = ["agent"],
            Period = BudgetPeriod.Day,
            LimitUsd = 100m,
            WarnAt = [0.8m, 1.0m],
            Forecast = true,
        };
        // Noon: $40 spent, $10 of it in the last hour: at that rate the day ends at $160.
        var spend = new[] { new GroupSpend([new("agent", "researcher")], 40m, 10m) };

        var observations = RuleObservations.Budget(rule, spend, TimeSpan.FromHours(1), TimeSpan.FromHours(12))
            .ToDictionary(o => o.GroupLabels.Single(l => l.Key == "budget_level").Value);

        Assert.Equal(AlertVerdict.Clear, observations["80%"].Verdict);
        Assert.Equal(AlertVerdict.Clear, observations["100%"].Verdict);
        Assert.Equal((AlertVerdict.Breached, 160m, 100m), (observations["forecast"].Verdict, observations["forecast"].Value, observations["forecast"].Threshold));
        Assert.Equal(80m, observations["80%"].Threshold);
    }

    [Fact]
    public void UnpricedModel_CountsCallsTheCatalogCouldNotPrice()
    {
        var rule = new AlertRule { Name = "Unpriced", Kind = AlertRuleKind.UnpricedModel, GroupBy = ["model"], Threshold = 0 };

        var observations = RuleObservations.UnpricedModel(rule,
            [new LlmCounts("a", "mystery-1", "x", 5, 5, 10), new LlmCounts("b", "mystery-1", "x", 2, 1, 10), new LlmCounts("a", "gpt-4o", "openai", 9, 0, 10)])
            .ToDictionary(o => o.GroupLabels.Single().Value);

        Assert.Equal((AlertVerdict.Breached, 6m), (observations["mystery-1"].Verdict, observations["mystery-1"].Value));
        Assert.Equal(AlertVerdict.Clear, observations["gpt-4o"].Verdict);
    }
}

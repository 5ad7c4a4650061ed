using System.Globalization;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Core.Tests.Alerting;

/// <summary>
/// Golden timelines of one alert instance on a logical clock. A step is "seconds:verdict" (B breached, C clear,
/// I insufficient data, X retired, - no data for the group), optionally "~downtime seconds" (CostWatch not evaluating
/// before the step). Expected: the state after each step (P pending, F firing, R resolved, - none) and the outbox events.
/// </summary>
public sealed class AlertRoundGoldenTests
{
    public static TheoryData<string, int, int, int, string, string, string> Timelines => new()
    {
        // name, for (s), keepFiringFor (s), minSamples, steps, states, events
        { "pending, then firing once `for` has held", 120, 0, 0, "0:B 30:B 60:B 90:B 120:B", "P P P P F", "F@120" },
        { "no `for`: fires at once, resolves when clear", 0, 0, 0, "0:B 30:C", "F R", "F@0 R@30" },
        { "firing, then resolved when the condition clears", 60, 0, 0, "0:B 60:B 90:C", "P F R", "F@60 R@90" },
        { "keep firing for a while after the condition clears", 0, 120, 0, "0:B 30:C 60:C 120:C 150:C", "F F F R R", "F@0 R@120" },
        { "flapping inside keepFiringFor: one notice each way", 0, 60, 0, "0:B 30:C 60:B 90:C 120:C 150:C", "F F F F R R", "F@0 R@120" },
        { "flapping inside `for`: a pending alert that clears disappears, never fires", 120, 0, 0, "0:B 30:C 60:B 90:C 120:B 150:B 180:B 210:C", "P - P - P P P -", "" },
        { "insufficient data never fires", 0, 0, 20, "0:I 30:I 60:I", "- - -", "" },
        { "insufficient data never resolves a firing alert", 0, 0, 20, "0:B 30:I 60:I 90:C", "F F F R", "F@0 R@90" },
        { "insufficient data holds a pending alert without firing it", 60, 0, 20, "0:B 30:I 60:I 90:B", "P P P F", "F@90" },
        { "restart in the middle of `for`: the downtime does not count", 300, 0, 0, "0:B 120:B 720:B~570 750:B 870:B", "P P P P F", "F@870" },
        { "restart while firing: nothing fires twice", 0, 0, 0, "0:B 30:B 930:B~870 960:B", "F F F F", "F@0" },
        { "restart inside keepFiringFor: the downtime does not count", 0, 120, 0, "0:B 30:C 900:C~840 930:C 960:C", "F F F F R", "F@0 R@960" },
        { "a group without data clears when the rule needs no samples", 0, 0, 0, "0:B 30:-", "F R", "F@0 R@30" },
        { "a group without data is insufficient when the rule needs samples", 0, 0, 5, "0:B 30:- 60:-", "F F F", "F@0" },
        { "breached again after resolving: a new episode, notified again", 0, 0, 0, "0:B 30:C 60:B", "F R F", "F@0 R@30 F@60" },
        { "retired: resolves at once, whatever keepFiringFor says", 0, 600, 0, "0:B 30:X", "F R", "F@0 R@30" },
    };

    [Theory]
    [MemberData(nameof(Timelines))]
    public void Timeline(string name, int forSeconds, int keepFiringSeconds, int minSamples, string steps, string states, string events)
    {
        var rule = new AlertRule
        {
            Name = "Golden",
            Kind = AlertRuleKind.ToolSuccessRate,
            Severity = "critical",
            GroupBy = ["agent"],
            For = TimeSpan.FromSeconds(forSeconds),
            KeepFiringFor = TimeSpan.FromSeconds(keepFiringSeconds),
            MinSamples = minSamples,
        };
        var timeline = new AlertTimeline();
        var seen = new List<string>();
        foreach (var step in steps.Split(' '))
        {
            var (at, verdict, downtime) = Parse(step);
            GroupObservation[] observations = verdict is { } v
                ? [AlertTimeline.Agent("researcher", v, samples: v == AlertVerdict.InsufficientData ? minSamples - 1 : minSamples + 1)]
                : [];
            timeline.Round(TimeSpan.FromSeconds(at), (rule, observations, TimeSpan.FromSeconds(downtime)));
            seen.Add(timeline.StateOf(rule, ("agent", "researcher")) switch
            {
                AlertState.Pending => "P",
                AlertState.Firing => "F",
                AlertState.Resolved => "R",
                _ => "-",
            });
        }

        Assert.Equal(states, string.Join(' ', seen));
        Assert.Equal(events, string.Join(' ', timeline.Events.Select(e =>
            $"{(e.Status == AlertEvent.Firing ? "F" : "R")}@{(e.CreatedAt - AlertTimeline.T0).TotalSeconds}")));
        Assert.NotEmpty(name);
    }

    [Fact]
    public void Events_CarryTheAlertAsItStands()
    {
        var rule = new AlertRule { Name = "ToolCallFailureSpike", Kind = AlertRuleKind.ToolSuccessRate, Severity = "critical", GroupBy = ["agent", "tool"] };
        var timeline = new AlertTimeline();
        timeline.Round(TimeSpan.Zero, rule, new GroupObservation([new("agent", "researcher"), new("tool", "search")], AlertVerdict.Breached, 0.75m, 0.9m, 40));
        timeline.Round(TimeSpan.FromMinutes(1), rule, new GroupObservation([new("agent", "researcher"), new("tool", "search")], AlertVerdict.Clear, 0.97m, 0.9m, 40));

        var (fired, resolved) = (timeline.Events[0], timeline.Events[1]);
        Assert.Equal("{\"agent\":\"researcher\",\"alertname\":\"ToolCallFailureSpike\",\"severity\":\"critical\",\"tool\":\"search\"}", fired.Labels.Json);
        Assert.Equal((0.75m, 0.9m, AlertTimeline.T0, (DateTime?)null), (fired.Value, fired.Threshold, fired.StartsAt, fired.EndsAt));
        Assert.Equal((0.97m, AlertTimeline.T0, (DateTime?)AlertTimeline.T0.AddMinutes(1), AlertReasons.ConditionCleared),
            (resolved.Value, resolved.StartsAt, resolved.EndsAt, resolved.Reason));
        Assert.Equal(fired.Fingerprint, resolved.Fingerprint);
        Assert.Contains("ToolCallFailureSpike (agent=researcher, tool=search)", fired.Annotations["summary"]);
    }

    [Fact]
    public void RuleRemovedFromTheFile_ResolvesItsFiringAlertsAndDropsPendingOnes()
    {
        var firing = new AlertRule { Name = "Firing", Kind = AlertRuleKind.ToolSuccessRate, GroupBy = ["agent"] };
        var pending = new AlertRule { Name = "Pending", Kind = AlertRuleKind.ToolSuccessRate, GroupBy = ["agent"], For = TimeSpan.FromHours(1) };
        var timeline = new AlertTimeline();
        timeline.Round(TimeSpan.Zero, (firing, [AlertTimeline.Agent("a", AlertVerdict.Breached)], TimeSpan.Zero),
            (pending, [AlertTimeline.Agent("a", AlertVerdict.Breached)], TimeSpan.Zero));

        timeline.Round(TimeSpan.FromSeconds(30));

        Assert.Equal((AlertState.Resolved, AlertReasons.RuleRemoved), (timeline.Find(firing, ("agent", "a"))!.State, timeline.Find(firing, ("agent", "a"))!.Reason));
        Assert.Null(timeline.Find(pending, ("agent", "a")));
        Assert.Equal(["firing", "resolved"], timeline.Events.Select(e => e.Status));
    }

    private static (int At, AlertVerdict? Verdict, int Downtime) Parse(string step)
    {
        var (time, rest) = (step.Split(':')[0], step.Split(':')[1]);
        var downtime = rest.Contains('~') ? int.Parse(rest.Split('~')[1], CultureInfo.InvariantCulture) : 0;
        AlertVerdict? verdict = rest[0] switch
        {
            'B' => AlertVerdict.Breached,
            'C' => AlertVerdict.Clear,
            'I' => AlertVerdict.InsufficientData,
            'X' => AlertVerdict.Retired,
            _ => null,
        };
        return (int.Parse(time, CultureInfo.InvariantCulture), verdict, downtime);
    }
}

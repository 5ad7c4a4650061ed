using System.Diagnostics;
using CostWatch.Core.Pricing;
using CostWatch.Simulator;

namespace CostWatch.Worker.Tests.Simulator;

/// <summary>
/// Planned runs: well-formed traces in the GenAI conventions; steady traffic clear of every production rule;
/// each scenario past the threshold of its rule (thresholds of alert-rules/costwatch-rules.yaml).
/// </summary>
public sealed class RunPlannerTests
{
    private const int Runs = 400;

    public static TheoryData<string> Scenarios => new(Enum.GetNames<Scenario>());

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void EveryRun_IsAWellFormedTrace_InTheGenAiConventions(string scenarioName)
    {
        var scenario = Enum.Parse<Scenario>(scenarioName);
        foreach (var run in Plan(scenario, reviewerSilent: scenario == Scenario.SilentAgent))
        {
            Assert.Equal("invoke_agent coordinator", run.Name);
            Assert.Equal(TimeSpan.Zero, run.Start);
            AssertNested(run);
            foreach (var span in run.SelfAndDescendants())
            {
                var attributes = span.Attributes.ToDictionary(a => a.Key, a => a.Value);
                var operation = (string)attributes["gen_ai.operation.name"]!;
                Assert.StartsWith(operation + " ", span.Name, StringComparison.Ordinal);
                Assert.DoesNotContain(attributes.Keys, key => key.Contains("messages", StringComparison.Ordinal)
                    || key.Contains("arguments", StringComparison.Ordinal) || key.Contains("result", StringComparison.Ordinal));
                switch (operation)
                {
                    case "invoke_agent":
                        Assert.Equal(ActivityKind.Internal, span.Kind);
                        Assert.StartsWith("sess_", (string)attributes["gen_ai.conversation.id"]!, StringComparison.Ordinal);
                        Assert.Equal((long)span.Children.Count(c => c.Name.StartsWith("chat ", StringComparison.Ordinal)),
                            attributes["agent.iterations"]);
                        break;
                    case "chat" when span.ErrorType is null:
                        Assert.Equal(ActivityKind.Client, span.Kind);
                        var input = (long)attributes["gen_ai.usage.input_tokens"]!;
                        var output = (long)attributes["gen_ai.usage.output_tokens"]!;
                        Assert.True(Tokens(attributes, "gen_ai.usage.cache_read.input_tokens") + Tokens(attributes, "gen_ai.usage.cache_write.input_tokens") <= input);
                        Assert.True(Tokens(attributes, "gen_ai.usage.reasoning.output_tokens") < output);
                        break;
                    case "execute_tool":
                        Assert.NotNull(attributes["gen_ai.tool.name"]);
                        break;
                }
            }
        }
    }

    [Fact]
    public void SteadyTraffic_StaysClearOfEveryRule()
    {
        var runs = Plan(Scenario.Steady, reviewerSilent: false);
        var agentRuns = runs.SelectMany(r => r.SelfAndDescendants()).Where(IsAgentRun).ToList();

        Assert.All(agentRuns, run => Assert.True(Iterations(run) <= 4, $"{run.Name}: {Iterations(run)} iterations"));
        Assert.All(agentRuns, run => Assert.True(run.End - run.Start < TimeSpan.FromSeconds(20), $"{run.Name}: {run.End - run.Start}"));
        Assert.All(runs.SelectMany(r => r.SelfAndDescendants()).Where(s => s.Name.StartsWith("chat ", StringComparison.Ordinal)),
            call => Assert.True(ContextUtilization(call) < 0.2, $"{call.Name}: {ContextUtilization(call):P0} of the window"));
        Assert.True(SuccessRate(runs, "web_search") > 0.95);
        Assert.Contains(agentRuns, run => run.Name == "invoke_agent reviewer");
    }

    [Fact]
    public void Loops_SendMoreThanOnePercentOfResearcherRunsPastEightIterations()
    {
        var researchers = Plan(Scenario.Loops, reviewerSilent: false).SelectMany(r => r.SelfAndDescendants())
            .Where(s => s.Name == "invoke_agent researcher").ToList();

        Assert.InRange(researchers.Count(run => Iterations(run) > 8) / (double)researchers.Count, 0.2, 0.4);
    }

    [Fact]
    public void ToolFailures_BringWebSearchUnderNinetyPercentSuccess()
    {
        Assert.InRange(SuccessRate(Plan(Scenario.ToolFailures, reviewerSilent: false), "web_search"), 0.55, 0.75);
    }

    [Fact]
    public void ContextPressure_FillsMoreThanNinetyPercentOfTheWindow()
    {
        var writerCalls = Plan(Scenario.ContextPressure, reviewerSilent: false).SelectMany(r => r.SelfAndDescendants())
            .Where(s => s.Name == "chat gpt-4o-mini" && s.ErrorType is null).ToList();

        Assert.InRange(writerCalls.Count(call => ContextUtilization(call) > 0.9) / (double)writerCalls.Count, 0.2, 0.4);
        Assert.All(writerCalls, call => Assert.True(ContextUtilization(call) < 1, "a call above the window would be refused by the provider"));
    }

    [Fact]
    public void SlowRuns_TakeTheWritersRunsPastThirtySeconds()
    {
        var writers = Plan(Scenario.SlowRuns, reviewerSilent: false).SelectMany(r => r.SelfAndDescendants())
            .Where(s => s.Name == "invoke_agent writer").ToList();

        Assert.All(writers, run => Assert.True(run.End - run.Start > TimeSpan.FromSeconds(30), $"{run.End - run.Start}"));
    }

    [Fact]
    public void SilentAgent_LeavesTheReviewerOut_AfterAQuarterOfTheDurationAtMostAMinuteIn()
    {
        Assert.DoesNotContain(Plan(Scenario.SilentAgent, reviewerSilent: true).SelectMany(r => r.SelfAndDescendants()),
            s => s.Name.Contains("reviewer", StringComparison.Ordinal));
        Assert.Equal(FleetAgents.Reviewer, ScenarioProfile.For(Scenario.SilentAgent).SilentAgent);
        Assert.Equal(TimeSpan.FromSeconds(5), FleetSimulator.SilentAfter(TimeSpan.FromSeconds(20)));
        Assert.Equal(TimeSpan.FromMinutes(1), FleetSimulator.SilentAfter(TimeSpan.FromMinutes(20)));
        Assert.Equal(TimeSpan.FromMinutes(1), FleetSimulator.SilentAfter(null));
    }

    [Fact]
    public void Sessions_SpanSeveralRuns_OfOneUser()
    {
        var runs = Plan(Scenario.Steady, reviewerSilent: false);
        var sessions = runs.GroupBy(run => Attribute(run, "gen_ai.conversation.id")).ToList();

        Assert.Contains(sessions, session => session.Count() >= 3);
        Assert.All(sessions, session => Assert.Single(session.Select(run => Attribute(run, "user.id")).Distinct()));
        Assert.InRange(sessions.Count, Runs / 5, Runs / 2);
    }

    [Fact]
    public void FleetModels_AreInTheBuiltInCatalog_WithItsContextWindows()
    {
        var providers = new HashSet<string>();
        foreach (var model in FleetModels.All)
        {
            var entry = BuiltInPriceCatalog.Catalog.Match(model.Provider, model.Model, model.Model, DateTime.UtcNow);
            Assert.True(entry is not null, $"{model.Provider} {model.Model} is not priced by the built-in catalog");
            Assert.Equal(entry.ContextWindow, model.ContextWindow);
            providers.Add(model.Provider);
        }

        Assert.True(providers.Count >= 4, string.Join(", ", providers));
    }

    private static List<PlannedSpan> Plan(Scenario scenario, bool reviewerSilent)
    {
        var random = new Random(11);
        var sessions = new SessionPool(random);
        var planner = new RunPlanner(random, ScenarioProfile.For(scenario));
        return Enumerable.Range(0, Runs).Select(_ =>
        {
            var (session, turn) = sessions.Next();
            return planner.Plan(session, turn, reviewerSilent);
        }).ToList();
    }

    /// <summary>Children inside their parent's time, and ending no later than it: the parent is exported last.</summary>
    private static void AssertNested(PlannedSpan span)
    {
        Assert.True(span.End > span.Start, $"{span.Name} ends before it starts");
        foreach (var child in span.Children)
        {
            Assert.True(child.Start >= span.Start && child.End <= span.End, $"{child.Name} is outside {span.Name}");
            AssertNested(child);
        }
    }

    private static bool IsAgentRun(PlannedSpan span) => span.Name.StartsWith("invoke_agent ", StringComparison.Ordinal);

    private static long Iterations(PlannedSpan run) => (long)run.Attributes.Single(a => a.Key == "agent.iterations").Value!;

    private static string Attribute(PlannedSpan span, string key) => (string)span.Attributes.Single(a => a.Key == key).Value!;

    private static long Tokens(Dictionary<string, object?> attributes, string key) =>
        attributes.TryGetValue(key, out var value) ? (long)value! : 0;

    private static double ContextUtilization(PlannedSpan call)
    {
        if (call.ErrorType is not null)
        {
            return 0;
        }

        var model = FleetModels.All.Single(m => call.Name == $"chat {m.Model}");
        return (long)call.Attributes.Single(a => a.Key == "gen_ai.usage.input_tokens").Value! / (double)model.ContextWindow;
    }

    private static double SuccessRate(IEnumerable<PlannedSpan> runs, string tool)
    {
        var calls = runs.SelectMany(r => r.SelfAndDescendants()).Where(s => s.Name == $"execute_tool {tool}").ToList();
        return calls.Count(call => call.ErrorType is null) / (double)calls.Count;
    }
}

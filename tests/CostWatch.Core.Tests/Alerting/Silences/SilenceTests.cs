using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Silences;

namespace CostWatch.Core.Tests.Alerting.Silences;

public sealed class SilenceTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static readonly AlertLabels Researcher = AlertLabels.For("TraceLoss", "critical",
        [KeyValuePair.Create("agent", "researcher")]);

    [Theory]
    [InlineData(-60, SilenceState.Pending)]
    [InlineData(-1, SilenceState.Pending)]
    [InlineData(0, SilenceState.Active)]
    [InlineData(30, SilenceState.Active)]
    [InlineData(59, SilenceState.Active)]
    [InlineData(60, SilenceState.Expired)]
    [InlineData(600, SilenceState.Expired)]
    public void StateAt_IsPendingBeforeStart_ActiveFromStartToEnd_ExpiredFromEnd(int minutesAfterStart, SilenceState expected)
    {
        var silence = Make(Now, Now.AddHours(1));
        var at = Now.AddMinutes(minutesAfterStart);

        Assert.Equal(expected, silence.StateAt(at));
        Assert.Equal(expected == SilenceState.Active, silence.IsActiveAt(at));
    }

    [Fact]
    public void StateAt_APendingSilenceExpiredBeforeItStarted_IsExpired()
    {
        var silence = Make(Now.AddHours(1), Now.AddHours(2)) with { EndsAt = Now };

        Assert.Equal(SilenceState.Expired, silence.StateAt(Now.AddMinutes(30)));
        Assert.Equal(SilenceState.Expired, silence.StateAt(Now.AddHours(1).AddMinutes(30)));
    }

    [Theory]
    [InlineData(new[] { "agent=\"researcher\"" }, true)]
    [InlineData(new[] { "agent=\"researcher\"", "alertname=\"TraceLoss\"" }, true)]
    [InlineData(new[] { "agent=\"researcher\"", "alertname=\"HighAgentLoopIterations\"" }, false)]
    [InlineData(new[] { "agent=~\"res.*\"", "severity!=\"warning\"" }, true)]
    [InlineData(new[] { "agent=~\"res.*\"", "tool=\"web_search\"" }, false)]
    [InlineData(new[] { "agent=~\"res.*\"", "tool=\"\"" }, true)]
    public void Matches_NeedsEveryMatcher(string[] matchers, bool expected)
    {
        var silence = Make(Now, Now.AddHours(1), matchers);

        Assert.Equal(expected, silence.Matches(Researcher));
    }

    [Theory]
    [InlineData(new string[0], "matchers")]
    [InlineData(new[] { "agent=~\".*\"" }, "matchers")]
    [InlineData(new[] { "agent=\"\"", "tool!=\"x\"", "model!~\".+\"" }, "matchers")]
    [InlineData(new[] { "agent!=\"researcher\"" }, "matchers")]
    public void Validate_RefusesMatchersThatWouldSilenceEverything(string[] matchers, string field)
    {
        var problems = Silence.Validate(matchers.Select(LabelMatcher.Parse).ToList(), Now, Now.AddHours(1), "ops", "why", Now);

        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Theory]
    [InlineData("agent=~\".*\" & tool=\"web_search\"")]
    [InlineData("agent!=\"\"")]
    [InlineData("agent=~\".+\"")]
    public void Validate_AcceptsMatchersWhereOneNeedsAValue(string matchers)
    {
        Assert.Empty(Silence.Validate(matchers.Split('&').Select(LabelMatcher.Parse).ToList(), Now, Now.AddHours(1), "ops",
            "why", Now));
    }

    [Theory]
    [InlineData(0, 60, "ops", "why", new string[0])]
    [InlineData(0, 0, "ops", "why", new[] { "endsAt" })]
    [InlineData(30, 10, "ops", "why", new[] { "endsAt" })]
    [InlineData(-120, -60, "ops", "why", new[] { "endsAt" })]
    [InlineData(-120, 0, "ops", "why", new[] { "endsAt" })]
    [InlineData(60, 120, "ops", "why", new string[0])]
    [InlineData(0, 60, "", "why", new[] { "createdBy" })]
    [InlineData(0, 60, "ops", "  ", new[] { "comment" })]
    [InlineData(0, 60, null, null, new[] { "createdBy", "comment" })]
    [InlineData(0, -1, " ", "", new[] { "endsAt", "createdBy", "comment" })]
    public void Validate_NamesEveryBadField(int startMinutes, int endMinutes, string? createdBy, string? comment,
        string[] fields)
    {
        var problems = Silence.Validate([LabelMatcher.Parse("agent=\"researcher\"")], Now.AddMinutes(startMinutes),
            Now.AddMinutes(endMinutes), createdBy, comment, Now);

        Assert.Equal(fields, problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.StartsWith(p.Field, p.Message));
    }

    [Fact]
    public void Create_RefusesAnInvalidSilence_WithEveryProblem()
    {
        var e = Assert.Throws<InvalidSilenceException>(() =>
            Silence.Create(Guid.NewGuid(), [], Now, Now.AddHours(-1), "", "", Now));

        Assert.Equal(["matchers", "endsAt", "createdBy", "comment"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Create_StampsCreatedAndUpdatedAtNow_AndTrimsTheAuthorAndComment()
    {
        var id = Guid.NewGuid();
        var silence = Silence.Create(id, [LabelMatcher.Parse("agent=\"researcher\"")], Now.AddMinutes(5), Now.AddHours(1),
            " ops ", " deploy \n", Now);

        Assert.Equal(new Silence(id, [new LabelMatcher("agent", "researcher", false, true)], Now.AddMinutes(5), Now.AddHours(1),
            "ops", "deploy", Now, Now), silence);
    }

    private static Silence Make(DateTime startsAt, DateTime endsAt, params string[] matchers) =>
        new(Guid.NewGuid(), (matchers.Length == 0 ? ["agent=\"researcher\""] : matchers).Select(LabelMatcher.Parse).ToList(),
            startsAt, endsAt, "ops", "maintenance", startsAt, startsAt);
}

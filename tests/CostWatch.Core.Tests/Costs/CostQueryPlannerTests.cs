using CostWatch.Core.Costs;
using static CostWatch.Core.Costs.RollupResolution;

namespace CostWatch.Core.Tests.Costs;

public sealed class CostQueryPlannerTests
{
    private static readonly DateTimeOffset Now = At("2026-11-25T12:00:30Z");
    private static readonly RollupRetention Retention = new(TimeSpan.FromDays(2), TimeSpan.FromDays(90), TimeSpan.FromDays(3 * 365));

    [Fact]
    public void WholeDays_AreReadFromDayBuckets()
    {
        var plan = Plan("2026-11-20T00:00:00Z", "2026-11-24T00:00:00Z");

        Assert.Equal(["Day 2026-11-20T00:00:00Z..2026-11-24T00:00:00Z"], Describe(plan));
    }

    [Fact]
    public void UnalignedEdges_AreReadFromHoursThenMinutes_AndSecondsAreRoundedDown()
    {
        var plan = Plan("2026-11-23T13:37:45Z", "2026-11-25T11:12:59Z");

        Assert.Equal(
        [
            "Minute 2026-11-23T13:37:00Z..2026-11-23T14:00:00Z",
            "Hour 2026-11-23T14:00:00Z..2026-11-24T00:00:00Z",
            "Day 2026-11-24T00:00:00Z..2026-11-25T00:00:00Z",
            "Hour 2026-11-25T00:00:00Z..2026-11-25T11:00:00Z",
            "Minute 2026-11-25T11:00:00Z..2026-11-25T11:12:00Z",
        ], Describe(plan));
        Assert.Equal(At("2026-11-23T13:37:00Z"), plan.From);
        Assert.Equal(At("2026-11-25T11:12:00Z"), plan.To);
    }

    [Fact]
    public void RangeWithinOneHour_IsReadFromMinutes()
    {
        Assert.Equal(["Minute 2026-11-25T10:05:00Z..2026-11-25T10:20:00Z"],
            Describe(Plan("2026-11-25T10:05:00Z", "2026-11-25T10:20:00Z")));
    }

    [Fact]
    public void HourlyStep_NeverReadsDayBuckets()
    {
        var plan = Plan("2026-11-23T14:30:00Z", "2026-11-25T02:00:00Z", Hour);

        Assert.Equal(
        [
            "Minute 2026-11-23T14:30:00Z..2026-11-23T15:00:00Z",
            "Hour 2026-11-23T15:00:00Z..2026-11-25T02:00:00Z",
        ], Describe(plan));
    }

    [Fact]
    public void MinuteStep_ReadsMinutesOnly()
    {
        Assert.Equal(["Minute 2026-11-24T10:30:00Z..2026-11-25T02:00:00Z"],
            Describe(Plan("2026-11-24T10:30:00Z", "2026-11-25T02:00:00Z", Minute)));
    }

    [Fact]
    public void FromWhereMinutesArePruned_IsWidenedToItsHour()
    {
        var plan = Plan("2026-11-21T10:37:00Z", "2026-11-25T12:00:00Z");

        Assert.Equal(At("2026-11-21T10:00:00Z"), plan.From);
        Assert.Equal(
        [
            "Hour 2026-11-21T10:00:00Z..2026-11-22T00:00:00Z",
            "Day 2026-11-22T00:00:00Z..2026-11-25T00:00:00Z",
            "Hour 2026-11-25T00:00:00Z..2026-11-25T12:00:00Z",
        ], Describe(plan));
    }

    [Fact]
    public void FromWhereHoursArePruned_IsWidenedToItsDay()
    {
        var plan = Plan("2026-08-01T10:37:00Z", "2026-11-25T00:00:00Z");

        Assert.Equal(At("2026-08-01T00:00:00Z"), plan.From);
        Assert.Equal(["Day 2026-08-01T00:00:00Z..2026-11-25T00:00:00Z"], Describe(plan));
    }

    [Fact]
    public void ToWhereMinutesArePruned_IsWidenedToTheEndOfItsHour()
    {
        var plan = Plan("2026-11-20T00:00:00Z", "2026-11-22T13:12:00Z");

        Assert.Equal(At("2026-11-22T14:00:00Z"), plan.To);
        Assert.Equal(
        [
            "Day 2026-11-20T00:00:00Z..2026-11-22T00:00:00Z",
            "Hour 2026-11-22T00:00:00Z..2026-11-22T14:00:00Z",
        ], Describe(plan));
    }

    [Fact]
    public void ShortRangeWhereMinutesArePruned_BecomesItsHour()
    {
        var plan = Plan("2026-11-20T10:05:00Z", "2026-11-20T10:20:00Z");

        Assert.Equal(["Hour 2026-11-20T10:00:00Z..2026-11-20T11:00:00Z"], Describe(plan));
    }

    [Fact]
    public void EdgeInsideTheMinuteRetention_StaysWhereItIs()
    {
        // The minute cutoff is 2026-11-23T12:00:30Z; the first minute surely kept starts at 12:01.
        var plan = Plan("2026-11-23T12:01:00Z", "2026-11-23T12:30:00Z");

        Assert.Equal(["Minute 2026-11-23T12:01:00Z..2026-11-23T12:30:00Z"], Describe(plan));
        Assert.Equal(At("2026-11-23T13:00:00Z"), Plan("2026-11-23T12:00:00Z", "2026-11-23T12:30:00Z").To);
    }

    [Fact]
    public void MinuteStep_OverPrunedMinutes_IsRefusedNamingStep()
    {
        var error = Assert.Throws<QueryParameterException>(() => Plan("2026-11-21T10:00:00Z", "2026-11-25T00:00:00Z", Minute));

        Assert.Equal("step", error.Parameter);
        Assert.Contains("minute rollups are kept for 2.00:00:00", error.Message);
    }

    [Fact]
    public void HourlyStep_OverPrunedHours_IsRefused_ButDailyStepAnswers()
    {
        Assert.Equal("step", Assert.Throws<QueryParameterException>(
            () => Plan("2026-06-01T00:00:00Z", "2026-11-25T00:00:00Z", Hour)).Parameter);

        Assert.Equal(["Day 2026-06-01T00:00:00Z..2026-11-25T00:00:00Z"],
            Describe(Plan("2026-06-01T00:00:00Z", "2026-11-25T00:00:00Z", Day)));
    }

    [Fact]
    public void EmptyRange_HasNoSegments()
    {
        var plan = Plan("2026-11-25T10:05:10Z", "2026-11-25T10:05:50Z");

        Assert.Empty(plan.Segments);
        Assert.Equal(plan.From, plan.To);
    }

    [Fact]
    public void RandomRanges_AreCoveredExactly_ByAlignedSegments_ThatAreStillKept()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 5_000; i++)
        {
            var from = Now.AddMinutes(-random.Next(0, 200 * 24 * 60)).AddSeconds(-random.Next(0, 60));
            var to = from.AddMinutes(random.Next(0, 60 * 24 * 40));
            RollupResolution? step = random.Next(4) switch { 0 => Minute, 1 => Hour, 2 => Day, _ => null };
            QueryPlan plan;
            try
            {
                plan = CostQueryPlanner.Plan(from, to, step, Now, Retention);
            }
            catch (QueryParameterException)
            {
                Assert.NotEqual(Day, step ?? Day);
                continue;
            }

            Assert.True(plan.From <= from && plan.To >= to.AddMinutes(-1), $"{from}..{to} planned as {plan.From}..{plan.To}");
            var cursor = plan.From.ToUnixTimeSeconds();
            foreach (var segment in plan.Segments)
            {
                Assert.Equal(cursor, segment.From);
                Assert.True(segment.From < segment.To);
                Assert.Equal(0, segment.From % (int)segment.Resolution);
                Assert.Equal(0, segment.To % (int)segment.Resolution);
                Assert.True(step is null || segment.Resolution <= step);
                Assert.True(segment.Resolution == Day || segment.From >= Retention.KeptFrom(segment.Resolution, Now));
                cursor = segment.To;
            }

            Assert.Equal(plan.To.ToUnixTimeSeconds(), cursor);
        }
    }

    private static QueryPlan Plan(string from, string to, RollupResolution? step = null) =>
        CostQueryPlanner.Plan(At(from), At(to), step, Now, Retention);

    private static List<string> Describe(QueryPlan plan) =>
        plan.Segments.Select(s => $"{s.Resolution} {UnixTime.ToTime(s.From):yyyy-MM-ddTHH:mm:ssZ}..{UnixTime.ToTime(s.To):yyyy-MM-ddTHH:mm:ssZ}").ToList();

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

using System.Globalization;
using CostWatch.Core.Costs;
using static CostWatch.Core.Costs.RollupResolution;

namespace CostWatch.Core.Tests.Costs;

public sealed class DayComplementTests
{
    private static readonly RollupRetention Retention = new(TimeSpan.FromDays(2), TimeSpan.FromDays(90), TimeSpan.FromDays(3 * 365));

    [Fact]
    public void RangeEndingNow_ReadsTodayAsOneDayBucket_MinusTheRestOfTodayThatHasNoDataYet()
    {
        var now = At("2026-11-25T19:37:30Z");

        var plan = Complemented("2026-11-24T19:37:30Z", now, now);

        Assert.Equal(
        [
            // 19:37 is late in its day: its 23 minutes and 4 hours are fewer buckets than the day minus 19 hours and 37 minutes.
            "+Minute 2026-11-24T19:37:00Z..2026-11-24T20:00:00Z",
            "+Hour 2026-11-24T20:00:00Z..2026-11-25T00:00:00Z",
            "+Day 2026-11-25T00:00:00Z..2026-11-26T00:00:00Z",
            "-Minute 2026-11-25T19:37:00Z..2026-11-25T20:00:00Z",
            "-Hour 2026-11-25T20:00:00Z..2026-11-26T00:00:00Z",
        ], Describe(plan));
    }

    [Fact]
    public void EarlyStart_IsTheDayMinusItsFirstHours()
    {
        var now = At("2026-11-21T12:00:30Z");

        var plan = Complemented("2026-11-20T05:10:00Z", "2026-11-21T00:00:00Z", now);

        Assert.Equal(
        [
            "+Day 2026-11-20T00:00:00Z..2026-11-21T00:00:00Z",
            "-Hour 2026-11-20T00:00:00Z..2026-11-20T05:00:00Z",
            "-Minute 2026-11-20T05:00:00Z..2026-11-20T05:10:00Z",
        ], Describe(plan));
    }

    [Fact]
    public void ComplementWhoseMinutesArePruned_IsNotUsed()
    {
        // Minute buckets are kept 2 days: at this 'now' the range's own minutes (from 12:10) are kept, but the
        // complement's (12:00..12:10 of 2026-11-23) may be partly gone.
        var now = At("2026-11-25T12:05:00Z");

        var plan = Complemented("2026-11-23T12:10:00Z", "2026-11-23T23:50:00Z", now);

        Assert.All(plan.Segments, s => Assert.False(s.Subtracted));
    }

    [Fact]
    public void PartialDayCheaperAsItIs_IsLeftAlone()
    {
        var now = At("2026-11-25T12:00:30Z");
        var direct = CostQueryPlanner.Plan(At("2026-11-24T10:00:00Z"), At("2026-11-24T13:00:00Z"), null, now, Retention);

        Assert.Equal(direct.Segments, DayComplement.Apply(direct, now, Retention).Segments);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryMinute_IsCountedOnceInsideTheRange_AndNetsToZeroOutside(int seed)
    {
        var random = new Random(seed);
        var origin = At("2026-11-01T00:00:00Z");
        for (var trial = 0; trial < 150; trial++)
        {
            var now = origin.AddMinutes(random.Next(60 * 24 * 20, 60 * 24 * 25)).AddSeconds(random.Next(60));
            var from = now.AddMinutes(-random.Next(1, 60 * 24 * 5));
            var to = random.Next(3) == 0 ? now : from.AddMinutes(random.Next(0, (int)(now - from).TotalMinutes + 1));
            var plan = DayComplement.Apply(CostQueryPlanner.Plan(from, to, null, now, Retention), now, Retention);

            // A record at minute t lies in its minute, hour and day bucket: the plan counts it once per segment that
            // holds one of them, plus or minus.
            var start = UnixTime.ToSeconds(plan.From);
            var end = UnixTime.ToSeconds(plan.To);
            for (var t = UnixTime.FloorTo(start, (int)Day) - 86_400; t < UnixTime.FloorTo(end, (int)Day) + 2 * 86_400; t += 60)
            {
                var counted = SegmentCounts.At(plan.Segments, t);
                var expected = t >= start && t < end ? 1 : 0;
                Assert.True(counted == expected,
                    $"minute {UnixTime.ToTime(t):u} counted {counted} times for {plan.From:u}..{plan.To:u}: {string.Join(", ", Describe(plan))}");
            }
        }
    }

    private static QueryPlan Complemented(string from, DateTimeOffset to, DateTimeOffset now) =>
        DayComplement.Apply(CostQueryPlanner.Plan(At(from), to, null, now, Retention), now, Retention);

    private static QueryPlan Complemented(string from, string to, DateTimeOffset now) => Complemented(from, At(to), now);

    private static List<string> Describe(QueryPlan plan) => plan.Segments
        .Select(s => $"{(s.Subtracted ? "-" : "+")}{s.Resolution} {UnixTime.ToTime(s.From):yyyy-MM-ddTHH:mm:ssZ}..{UnixTime.ToTime(s.To):yyyy-MM-ddTHH:mm:ssZ}")
        .ToList();

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}

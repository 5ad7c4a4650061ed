using System.Globalization;
using CostWatch.Core.Costs;
using static CostWatch.Core.Costs.RollupResolution;

namespace CostWatch.Core.Tests.Costs;

public sealed class QueryLanesTests
{
    private static readonly RollupRetention Retention = new(TimeSpan.FromDays(2), TimeSpan.FromDays(90), TimeSpan.FromDays(3 * 365));

    [Fact]
    public void ThirtyDaysFromMidday_SplitsIntoTwoLanesOfAboutEqualWork_TheMorningTakenInItsDaysLane()
    {
        var now = At("2026-11-24T12:11:30Z");
        var plan = DayComplement.Apply(CostQueryPlanner.Plan(now.AddDays(-30), now, null, now, Retention), now, Retention);

        var lanes = QueryLanes.Split(plan.Segments, maxLanes: 2, minBucketsPerLane: 12);

        Assert.Equal(2, lanes.Count);
        // Subtracted buckets, the rest of today, hold nothing yet.
        var work = lanes.Select(lane => lane.Where(s => !s.Subtracted).Sum(QueryLanes.Buckets)).ToList();
        Assert.Equal(plan.Segments.Where(s => !s.Subtracted).Sum(QueryLanes.Buckets), work.Sum());
        Assert.True(Math.Abs(work[0] - work[1]) <= 1, $"lanes of {work[0]} and {work[1]} buckets");
        Assert.All(lanes.SelectMany(lane => lane.Where(s => s.Subtracted).Select(s => (lane, s))),
            pair => Assert.Contains(pair.lane, s => !s.Subtracted && s.Resolution == Day && s.From <= pair.s.From && pair.s.To <= s.To));
    }

    [Theory]
    [InlineData(1, 12)]
    [InlineData(2, 1_000)]
    public void FewLanesOrLittleWork_IsOneLaneOfTheWholePlan(int maxLanes, int minBucketsPerLane)
    {
        var now = At("2026-11-24T12:11:30Z");
        var plan = CostQueryPlanner.Plan(now.AddDays(-30), now, null, now, Retention);

        Assert.Equal(plan.Segments, Assert.Single(QueryLanes.Split(plan.Segments, maxLanes, minBucketsPerLane)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryLane_CountsEachMinuteOnceOrNever_AndTheLanesTogetherCountItAsThePlanDoes(int seed)
    {
        var random = new Random(seed);
        var origin = At("2026-09-01T00:00:00Z");
        for (var trial = 0; trial < 40; trial++)
        {
            var now = origin.AddMinutes(random.Next(60 * 24 * 50, 60 * 24 * 55)).AddSeconds(random.Next(60));
            var from = now.AddMinutes(-random.Next(1, 60 * 24 * 40));
            var to = random.Next(3) == 0 ? now : from.AddMinutes(random.Next(0, (int)(now - from).TotalMinutes + 1));
            var plan = DayComplement.Apply(CostQueryPlanner.Plan(from, to, null, now, Retention), now, Retention);
            var maxLanes = random.Next(1, 5);

            var lanes = QueryLanes.Split(plan.Segments, maxLanes, minBucketsPerLane: random.Next(1, 20));

            Assert.InRange(lanes.Count, 1, maxLanes);
            var start = UnixTime.ToSeconds(plan.From);
            var end = UnixTime.ToSeconds(plan.To);
            for (var t = UnixTime.FloorTo(start, (int)Day) - 86_400; t < UnixTime.FloorTo(end, (int)Day) + 2 * 86_400; t += 60)
            {
                var counts = lanes.Select(lane => SegmentCounts.At(lane, t)).ToList();
                Assert.True(counts.All(c => c is 0 or 1) && counts.Sum() == SegmentCounts.At(plan.Segments, t),
                    $"minute {UnixTime.ToTime(t):u} counted [{string.Join(", ", counts)}] by the lanes of {plan.From:u}..{plan.To:u}");
            }
        }
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}

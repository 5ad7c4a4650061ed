namespace CostWatch.Core.Costs;

/// <summary>
/// Rewrites the partial days at a plan's edges as "the whole day minus the rest of it" where that reads fewer
/// buckets. A range ending now reads today as one day bucket (the rest of today has no data yet) instead of up to
/// 23 hour buckets and 59 minute buckets; a range starting at 19:30 keeps its 4½ hours. Exact because the rollup
/// job writes every record into its minute, hour and day bucket in the same transaction: a day bucket is the
/// sum of its hours and minutes, so subtracting some of them leaves the sum of the others.
/// </summary>
/// <remarks>
/// Only for sums grouped by something other than time (or by day): a subtracted hour must land in the same
/// group as the day it is taken from. The result has <see cref="QuerySegment.Subtracted"/> segments.
/// </remarks>
public static class DayComplement
{
    private const int Day = (int)RollupResolution.Day;

    private static readonly RollupResolution[] SubDay = [RollupResolution.Hour, RollupResolution.Minute];

    public static QueryPlan Apply(QueryPlan plan, DateTimeOffset now, RollupRetention retention)
    {
        var result = new List<QuerySegment>(plan.Segments.Count);
        // Consecutive sub-day segments inside one UTC day form one partial day.
        var partial = new List<QuerySegment>();
        foreach (var segment in plan.Segments)
        {
            if (segment.Resolution == RollupResolution.Day || segment.Subtracted)
            {
                Flush(partial, result, now, retention);
                result.Add(segment);
                continue;
            }

            foreach (var piece in SplitAtDays(segment))
            {
                if (partial.Count > 0 && UnixTime.FloorTo(partial[0].From, Day) != UnixTime.FloorTo(piece.From, Day))
                {
                    Flush(partial, result, now, retention);
                }

                partial.Add(piece);
            }
        }

        Flush(partial, result, now, retention);
        return plan with { Segments = result };
    }

    /// <summary>Moves a partial day to <paramref name="result"/>: as it is, or as its day minus the rest of the day.</summary>
    private static void Flush(List<QuerySegment> partial, List<QuerySegment> result, DateTimeOffset now,
        RollupRetention retention)
    {
        if (partial.Count == 0)
        {
            return;
        }

        var dayStart = UnixTime.FloorTo(partial[0].From, Day);
        var from = partial[0].From;
        var to = partial[^1].To;
        var rest = new List<QuerySegment>();
        Decompose(dayStart, from, rest);
        Decompose(to, dayStart + Day, rest);
        var usable = dayStart >= retention.KeptFrom(RollupResolution.Day, now)
                     && rest.All(s => s.From >= retention.KeptFrom(s.Resolution, now));
        var nowSeconds = UnixTime.ToSeconds(now);
        if (usable && 1 + Buckets(rest, nowSeconds) < Buckets(partial, nowSeconds))
        {
            result.Add(new QuerySegment(RollupResolution.Day, dayStart, dayStart + Day));
            result.AddRange(rest.Select(s => s with { Subtracted = true }));
        }
        else
        {
            result.AddRange(partial);
        }

        partial.Clear();
    }

    /// <summary>
    /// The buckets the segments read, as the estimate of rows: a bucket that starts after <paramref name="now"/>
    /// holds nothing yet (records dated a few minutes ahead aside) and costs nothing.
    /// </summary>
    private static long Buckets(IEnumerable<QuerySegment> segments, long now) => segments.Sum(s =>
        Math.Max(0, Math.Min(s.To, UnixTime.CeilTo(now + 1, (int)s.Resolution)) - s.From) / (int)s.Resolution);

    /// <summary>[from, to) inside one day as hour buckets in the middle and minute buckets at the edges.</summary>
    private static void Decompose(long from, long to, List<QuerySegment> into)
    {
        if (from >= to)
        {
            return;
        }

        var hours = (int)SubDay[0];
        var first = UnixTime.CeilTo(from, hours);
        var last = UnixTime.FloorTo(to, hours);
        if (first >= last)
        {
            into.Add(new QuerySegment(SubDay[1], from, to));
            return;
        }

        if (from < first)
        {
            into.Add(new QuerySegment(SubDay[1], from, first));
        }

        into.Add(new QuerySegment(SubDay[0], first, last));
        if (last < to)
        {
            into.Add(new QuerySegment(SubDay[1], last, to));
        }
    }

    private static IEnumerable<QuerySegment> SplitAtDays(QuerySegment segment)
    {
        var from = segment.From;
        while (from < segment.To)
        {
            var to = Math.Min(segment.To, UnixTime.FloorTo(from, Day) + Day);
            yield return segment with { From = from, To = to };
            from = to;
        }
    }
}

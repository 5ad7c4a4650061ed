using System.Globalization;

namespace CostWatch.Core.Costs;

/// <summary>
/// Decides which rollup buckets answer a time range. The rollup job writes every record into its minute, hour
/// and day bucket, so any resolution gives the same sums; the coarsest that fits reads the fewest rows. A range
/// splits into a middle of whole days and edges of hours and minutes.
/// </summary>
public static class CostQueryPlanner
{
    private static readonly RollupResolution[] CoarseToFine =
        [RollupResolution.Day, RollupResolution.Hour, RollupResolution.Minute];

    /// <summary>
    /// Plans [<paramref name="from"/>, <paramref name="to"/>), both rounded down to the minute, reading no
    /// resolution coarser than <paramref name="step"/>. An edge that falls where a finer resolution has been
    /// pruned is widened to the enclosing bucket of the next coarser one; the plan's range says what was answered.
    /// </summary>
    /// <exception cref="QueryParameterException">
    /// Part of the range is only kept at resolutions coarser than <paramref name="step"/> (parameter <c>step</c>).
    /// </exception>
    public static QueryPlan Plan(DateTimeOffset from, DateTimeOffset to, RollupResolution? step, DateTimeOffset now,
        RollupRetention retention)
    {
        if (from > to)
        {
            throw new ArgumentException("from is after to.", nameof(from));
        }

        var allowed = CoarseToFine.Where(r => step is null || r <= step).ToArray();
        var start = UnixTime.FloorTo(UnixTime.ToSeconds(from), (int)RollupResolution.Minute);
        var end = UnixTime.FloorTo(UnixTime.ToSeconds(to), (int)RollupResolution.Minute);
        while (true)
        {
            var segments = new List<QuerySegment>();
            Decompose(start, end, allowed, 0, segments);
            var failing = segments.FindIndex(s => IsPruned(s, retention, now));
            if (failing < 0)
            {
                return new QueryPlan(UnixTime.ToTime(start), UnixTime.ToTime(end), segments);
            }

            var pruned = segments[failing];
            var coarser = allowed.LastOrDefault(r => r > pruned.Resolution);
            if (coarser == default)
            {
                throw new QueryParameterException("step", string.Create(CultureInfo.InvariantCulture,
                    $"{Name(pruned.Resolution)} rollups are kept for {retention.Of(pruned.Resolution)}, and the " +
                    $"range reaches back to {UnixTime.ToTime(pruned.From):yyyy-MM-ddTHH:mm:ssZ}: use a coarser step or a later 'from'."));
            }

            // The middle (coarsest) segment splits the range into a left and a right edge; a pruned segment
            // left of it moves 'from', one right of it moves 'to', and the middle itself moves both.
            var middle = segments.First(s => s.Resolution == segments.Max(x => x.Resolution));
            if (pruned == middle || pruned.To <= middle.From)
            {
                start = UnixTime.FloorTo(start, (int)coarser);
            }

            if (pruned == middle || pruned.From >= middle.To)
            {
                end = UnixTime.CeilTo(end, (int)coarser);
            }
        }
    }

    /// <summary>Whether some bucket of <paramref name="segment"/> may already be pruned. Day buckets are the last resort.</summary>
    private static bool IsPruned(QuerySegment segment, RollupRetention retention, DateTimeOffset now) =>
        segment.Resolution != RollupResolution.Day && segment.From < retention.KeptFrom(segment.Resolution, now);

    private static void Decompose(long from, long to, RollupResolution[] resolutions, int level, List<QuerySegment> into)
    {
        if (from >= to)
        {
            return;
        }

        var resolution = resolutions[level];
        if (level == resolutions.Length - 1)
        {
            into.Add(new QuerySegment(resolution, from, to));
            return;
        }

        var first = UnixTime.CeilTo(from, (int)resolution);
        var last = UnixTime.FloorTo(to, (int)resolution);
        if (first < last)
        {
            Decompose(from, first, resolutions, level + 1, into);
            into.Add(new QuerySegment(resolution, first, last));
            Decompose(last, to, resolutions, level + 1, into);
        }
        else
        {
            Decompose(from, to, resolutions, level + 1, into);
        }
    }

    private static string Name(RollupResolution resolution) => resolution switch
    {
        RollupResolution.Minute => "minute",
        RollupResolution.Hour => "hour",
        _ => "day",
    };
}

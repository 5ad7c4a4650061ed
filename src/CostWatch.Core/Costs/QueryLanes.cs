namespace CostWatch.Core.Costs;

/// <summary>
/// Splits a plan's segments into lanes of about equal work, to be read at the same time over one snapshot and
/// summed afterwards. Work is counted in buckets, each about as many rows as there are series; subtracted buckets
/// count as none, as most of them are the rest of today, which has no data yet (a morning taken from a range's
/// first day, at most 12 hours and 59 minutes, is the exception, and tips the balance a little). A lane is a sum of
/// records in its own right: a subtracted segment (<see cref="DayComplement"/>) stays in the lane of the day it is
/// taken from, so no group of one lane can net out to nothing with another lane's. Segments with nothing taken
/// from them may be cut at a bucket boundary.
/// </summary>
public static class QueryLanes
{
    /// <summary>
    /// At most <paramref name="maxLanes"/> lanes, each of at least <paramref name="minBucketsPerLane"/> buckets'
    /// work; one lane holding every segment when the plan is too small to be worth splitting.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<QuerySegment>> Split(IReadOnlyList<QuerySegment> segments, int maxLanes,
        int minBucketsPerLane)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLanes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minBucketsPerLane, 1);
        var total = segments.Where(s => !s.Subtracted).Sum(Buckets);
        var count = (int)Math.Min(maxLanes, total / minBucketsPerLane);
        if (count <= 1)
        {
            return [segments];
        }

        var target = (double)total / count;
        var lanes = new List<List<QuerySegment>> { new() };
        double work = 0;
        foreach (var segment in segments)
        {
            if (segment.Subtracted)
            {
                LaneOfDay(lanes, segment).Add(segment);
                continue;
            }

            var rest = segment;
            while (rest.From < rest.To)
            {
                var width = (int)rest.Resolution;
                var room = (long)Math.Ceiling(target - work);
                var take = lanes.Count == count || !Splittable(segments, rest) ? Buckets(rest) : Math.Clamp(room, 1, Buckets(rest));
                var piece = rest with { To = rest.From + (take * width) };
                lanes[^1].Add(piece);
                work += take;
                rest = rest with { From = piece.To };
                if (work >= target && lanes.Count < count)
                {
                    lanes.Add([]);
                    work = 0;
                }
            }
        }

        return lanes.Where(lane => lane.Count > 0).ToList();
    }

    /// <summary>The buckets a segment reads.</summary>
    public static long Buckets(QuerySegment segment) => (segment.To - segment.From) / (int)segment.Resolution;

    /// <summary>Whether a segment may be cut: nothing is taken from any of its buckets.</summary>
    private static bool Splittable(IReadOnlyList<QuerySegment> segments, QuerySegment added) =>
        !segments.Any(s => s.Subtracted && s.From < added.To && added.From < s.To);

    private static List<QuerySegment> LaneOfDay(List<List<QuerySegment>> lanes, QuerySegment subtracted) =>
        lanes.LastOrDefault(lane => lane.Any(s => !s.Subtracted && s.From <= subtracted.From && subtracted.To <= s.To))
        ?? throw new ArgumentException(
            $"The subtracted segment [{subtracted.From}, {subtracted.To}) lies inside no added segment before it.", nameof(subtracted));
}

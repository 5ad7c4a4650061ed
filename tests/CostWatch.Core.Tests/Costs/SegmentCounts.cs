using CostWatch.Core.Costs;

namespace CostWatch.Core.Tests.Costs;

/// <summary>How query segments count a record, for the property tests of plans.</summary>
internal static class SegmentCounts
{
    /// <summary>How often the segments count a record at minute <paramref name="t"/>: plus or minus, once per bucket holding it.</summary>
    public static int At(IEnumerable<QuerySegment> segments, long t) => segments.Sum(s =>
    {
        var bucket = UnixTime.FloorTo(t, (int)s.Resolution);
        return bucket >= s.From && bucket < s.To ? (s.Subtracted ? -1 : 1) : 0;
    });
}

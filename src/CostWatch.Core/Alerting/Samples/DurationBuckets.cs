namespace CostWatch.Core.Alerting.Samples;

/// <summary>
/// Run durations for quantile rules, kept as counts in log-spaced buckets rather than one value per run: a window of
/// a million runs is then a few thousand rows. Bucket i holds durations in (1 ms * 2^((i-1)/16), 1 ms * 2^(i/16)];
/// bucket 0 holds everything up to 1 ms. A quantile is reported as its bucket's upper bound: never below the exact
/// quantile, and at most 2^(1/16) - 1 = 4.4% above it.
/// </summary>
public static class DurationBuckets
{
    private const double StepsPerDoubling = 16;
    private const double OneMillisecondInMicroseconds = 1_000;

    /// <summary>The bucket of a duration in microseconds.</summary>
    public static int Of(long microseconds)
    {
        if (microseconds <= OneMillisecondInMicroseconds)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(StepsPerDoubling * Math.Log2(microseconds / OneMillisecondInMicroseconds));
        // The logarithm can land a hair above an exact bound; the bound itself belongs to the lower bucket.
        return index > 0 && UpperBoundMicroseconds(index - 1) >= microseconds ? index - 1 : index;
    }

    /// <summary>The largest duration bucket <paramref name="index"/> holds, in microseconds.</summary>
    public static long UpperBoundMicroseconds(int index) =>
        (long)Math.Round(OneMillisecondInMicroseconds * Math.Pow(2, index / StepsPerDoubling));

    /// <summary>The upper bound in seconds, as a decimal (what a rule compares with its threshold).</summary>
    public static decimal UpperBoundSeconds(int index) => UpperBoundMicroseconds(index) / 1_000_000m;
}

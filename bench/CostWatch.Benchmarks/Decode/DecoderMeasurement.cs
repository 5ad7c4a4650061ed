namespace CostWatch.Benchmarks.Decode;

/// <summary>One decoder's figures: spans per second per iteration, and what it allocates per span.</summary>
internal sealed record DecoderMeasurement(string Name, IReadOnlyList<double> SpansPerSecond, double AllocatedBytesPerSpan)
{
    public double Median => Statistics.Median(SpansPerSecond);

    public double Min => SpansPerSecond.Min();

    public double Max => SpansPerSecond.Max();
}

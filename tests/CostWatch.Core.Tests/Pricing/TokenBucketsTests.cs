using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Pricing;

public sealed class TokenBucketsTests
{
    private static TokenBuckets Split(
        long input, long cacheRead = 0, long cacheWrite = 0, long output = 0, long reasoning = 0,
        TokenConvention convention = TokenConvention.InputIncludesCache) =>
        TokenBuckets.From(new PricingCase
        {
            Name = "buckets",
            ExpectedSource = CostSource.Unpriced,
            Input = input,
            CacheRead = cacheRead,
            CacheWrite = cacheWrite,
            Output = output,
            Reasoning = reasoning,
            Convention = convention,
        }.ToCall());

    [Fact]
    public void From_InputIncludesCache_SubtractsCacheTokens()
    {
        var buckets = Split(1_000, cacheRead: 300, cacheWrite: 200);

        Assert.Equal((500L, 300L, 200L), (buckets.UncachedInput, buckets.CacheRead, buckets.CacheWrite));
        Assert.Equal(TokenConvention.InputIncludesCache, buckets.InputConvention);
        Assert.False(buckets.InputConventionCorrected);
        Assert.Equal(1_000, buckets.TotalInput);
    }

    [Fact]
    public void From_InputExcludesCache_InputIsUncached()
    {
        var buckets = Split(500, cacheRead: 300, cacheWrite: 200, convention: TokenConvention.InputExcludesCache);

        Assert.Equal((500L, 300L, 200L), (buckets.UncachedInput, buckets.CacheRead, buckets.CacheWrite));
        Assert.False(buckets.InputConventionCorrected);
    }

    [Fact]
    public void From_CacheExceedsInclusiveInput_TreatedAsExclusiveAndRecorded()
    {
        var buckets = Split(100, cacheRead: 300);

        Assert.Equal(100, buckets.UncachedInput);
        Assert.Equal(TokenConvention.InputExcludesCache, buckets.InputConvention);
        Assert.True(buckets.InputConventionCorrected);
    }

    [Fact]
    public void From_OutputIncludesReasoning_SplitsThem()
    {
        var buckets = Split(0, output: 100, reasoning: 40);

        Assert.Equal((60L, 40L), (buckets.OutputWithoutReasoning, buckets.Reasoning));
        Assert.False(buckets.ReasoningOutsideOutput);
        Assert.Equal(100, buckets.TotalOutput);
    }

    [Fact]
    public void From_ReasoningExceedsOutput_OutputTakenAsExcludingReasoning()
    {
        var buckets = Split(0, output: 100, reasoning: 300);

        Assert.Equal((100L, 300L), (buckets.OutputWithoutReasoning, buckets.Reasoning));
        Assert.True(buckets.ReasoningOutsideOutput);
    }

    [Fact]
    public void From_NegativeCounts_ClampedToZero()
    {
        var buckets = Split(-5, cacheRead: -1, cacheWrite: -1, output: -3, reasoning: -2);

        Assert.Equal(0, buckets.TotalInput);
        Assert.Equal(0, buckets.TotalOutput);
    }
}

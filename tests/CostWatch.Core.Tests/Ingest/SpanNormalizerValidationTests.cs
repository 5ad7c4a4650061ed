namespace CostWatch.Core.Tests.Ingest;

/// <summary>Individually invalid spans are rejected with a reason; the rest of the export is kept.</summary>
public sealed class SpanNormalizerValidationTests
{
    [Fact]
    public void AllZeroTraceId_IsRejected()
    {
        var batch = new SpanFactory().Span(1, trace: Guid.Empty).Span(2).Complete();
        Assert.Contains("trace id", Assert.Single(batch.Rejections).Reason);
        Assert.Single(batch.Links);
    }

    [Fact]
    public void AllZeroSpanId_IsRejected()
    {
        var batch = new SpanFactory().Span(0).Complete();
        Assert.Contains("span id is missing or all zero", Assert.Single(batch.Rejections).Reason);
    }

    [Fact]
    public void WrongLengthIds_AreRejected()
    {
        var factory = new SpanFactory();
        var span = factory.Normalizer.BeginSpan();
        span.SetTraceId(new byte[15]);
        span.SetSpanId(new byte[8] { 0, 0, 0, 0, 0, 0, 0, 1 });
        span.StartTimeUnixNano = span.EndTimeUnixNano = SpanFactory.Nanos(SpanFactory.Now);
        factory.Normalizer.EndSpan();
        Assert.Equal("trace id has 15 bytes, expected 16", Assert.Single(factory.Complete().Rejections).Reason);
    }

    [Fact]
    public void EndBeforeStart_IsRejected()
    {
        var batch = new SpanFactory().Span(1, duration: TimeSpan.FromSeconds(-1)).Complete();
        Assert.Equal("end time is before start time", Assert.Single(batch.Rejections).Reason);
    }

    [Fact]
    public void StartMoreThanTenMinutesAhead_IsRejected()
    {
        var batch = new SpanFactory()
            .Span(1, start: SpanFactory.Now.AddMinutes(11))
            .Span(2, start: SpanFactory.Now.AddMinutes(9))
            .Complete();
        var rejection = Assert.Single(batch.Rejections);
        Assert.Equal("0000000000000001", rejection.SpanIdHex);
        Assert.Contains("in the future", rejection.Reason);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(100_000_001L)]
    [InlineData("many")]
    [InlineData(12.5)]
    public void AbsurdTokenCounts_AreRejectedNamingTheAttribute(object value)
    {
        var batch = new SpanFactory().Span(1, attributes:
            [("gen_ai.operation.name", "chat"), ("gen_ai.usage.output_tokens", value)]).Complete();
        Assert.Empty(batch.LlmCalls);
        Assert.StartsWith("gen_ai.usage.output_tokens is not a token count", Assert.Single(batch.Rejections).Reason);
    }

    [Fact]
    public void NegativeReportedCost_IsRejected()
    {
        var batch = new SpanFactory().Span(1, attributes:
            [("gen_ai.operation.name", "chat"), ("gen_ai.usage.cost", -0.5)]).Complete();
        Assert.StartsWith("gen_ai.usage.cost", Assert.Single(batch.Rejections).Reason);
    }

    [Fact]
    public void RejectionMessage_CountsAndListsTheFirstReasons()
    {
        var factory = new SpanFactory();
        for (ulong i = 1; i <= 7; i++)
        {
            factory.Span(i, duration: TimeSpan.FromSeconds(-1));
        }

        var message = factory.Complete().RejectionMessage();
        Assert.StartsWith("7 span(s) rejected: span 0000000000000001: end time is before start time", message);
        Assert.EndsWith("; and 2 more", message);
    }
}

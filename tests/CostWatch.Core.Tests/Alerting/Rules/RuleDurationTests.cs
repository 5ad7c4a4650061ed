using CostWatch.Core.Alerting.Rules;

namespace CostWatch.Core.Tests.Alerting.Rules;

/// <summary>Durations of the rules file: whole numbers with ms, s, m, h and d, largest unit first.</summary>
public sealed class RuleDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("5ms", 5)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d12h", 129_600_000)]
    [InlineData("2h0m5s250ms", 7_205_250)]
    [InlineData("90s", 90_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("3650d", 315_360_000_000)]
    public void TryParse_ValidDurations(string text, long milliseconds)
    {
        Assert.True(RuleDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")] // seconds or minutes?
    [InlineData("1.5h")]
    [InlineData("5 m")]
    [InlineData("5M")]
    [InlineData("30m1h")] // largest unit first
    [InlineData("1h1h")]
    [InlineData("-5m")]
    [InlineData("1w")]
    [InlineData("3651d")]
    [InlineData("PT5M")]
    [InlineData("00:05:00")]
    public void TryParse_InvalidDurations(string text) => Assert.False(RuleDuration.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(30_000, "30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(86_400_000, "1d")]
    [InlineData(90_250, "1m30s250ms")]
    public void Format_IsTheShortestSpellingThatReadsBack(long milliseconds, string expected)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(expected, RuleDuration.Format(duration));
        Assert.True(RuleDuration.TryParse(expected, out var back));
        Assert.Equal(duration, back);
    }
}

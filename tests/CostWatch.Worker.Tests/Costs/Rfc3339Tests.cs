using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Tests.Costs;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24t10:00:00z", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T12:00:00+02:00", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T12:00:00 02:00", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T05:30:00-04:30", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T10:00:00.123456789Z", "2026-11-24T10:00:00.123456Z")]
    public void Parses_RFC3339_IncludingAPlusThatAQueryStringTurnedIntoASpace(string text, string utc)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Assert.Equal(utc, Rfc3339.Format(value));
    }

    [Theory]
    [InlineData("2026-11-24")]
    [InlineData("2026-11-24T10:00Z")]
    [InlineData("2026-11-24T10:00:00")]
    [InlineData("2026-13-24T10:00:00Z")]
    [InlineData("1732442400")]
    [InlineData("yesterday")]
    public void Refuses_WhatIsNotRFC3339(string text) => Assert.False(Rfc3339.TryParse(text, out _));
}

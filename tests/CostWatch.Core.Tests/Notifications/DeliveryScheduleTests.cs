using CostWatch.Core.Notifications;

namespace CostWatch.Core.Tests.Notifications;

public sealed class DeliveryScheduleTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DeliverySchedule Schedule = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(40, 300)]
    public void TheBackoffDoubles_UpToTheMaximum(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Schedule.Backoff(failures, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(seconds / 2.0), Schedule.Backoff(failures, jitter: 0));
    }

    [Fact]
    public void RetryAfter_WinsOverTheBackoff() =>
        Assert.Equal(Now.AddSeconds(120), Schedule.NextAttempt(1, TimeSpan.FromSeconds(120), Now, Now.AddHours(1), 0.5));

    [Fact]
    public void RetryAfterPastTheDeadline_IsDeadAtOnce() =>
        Assert.Null(Schedule.NextAttempt(1, TimeSpan.FromHours(2), Now, Now.AddHours(1), 0.5));

    [Fact]
    public void ABackoffPastTheDeadline_MakesTheDeadlineTheLastAttempt_AndAFailureThereIsDead()
    {
        Assert.Equal(Now.AddSeconds(10), Schedule.NextAttempt(20, null, Now, Now.AddSeconds(10), 0.5));
        Assert.Null(Schedule.NextAttempt(21, null, Now.AddSeconds(10), Now.AddSeconds(10), 0.5));
    }
}

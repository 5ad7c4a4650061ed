namespace CostWatch.Core.Notifications;

/// <summary>
/// When a failed delivery is tried again: exponential backoff from <see cref="FirstDelay"/>, doubling to at most
/// <see cref="MaxDelay"/>, with jitter (a random point in the upper half of the delay, so receivers that fail together
/// are not retried in lockstep); a receiver's <c>Retry-After</c> wins over the backoff. Nothing is tried after the
/// deadline: the last attempt is at the deadline, and a <c>Retry-After</c> past it dead-letters at once.
/// </summary>
public sealed record DeliverySchedule(TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>The next attempt after <paramref name="failedAttempts"/> failures, or null when the notice is dead.</summary>
    /// <param name="jitter">A random number in [0, 1).</param>
    public DateTime? NextAttempt(int failedAttempts, TimeSpan? retryAfter, DateTime now, DateTime deadline, double jitter)
    {
        if (now >= deadline)
        {
            return null;
        }

        if (retryAfter is { } wait)
        {
            var at = now + (wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            return at > deadline ? null : at;
        }

        var next = now + Backoff(failedAttempts, jitter);
        return next > deadline ? deadline : next;
    }

    public TimeSpan Backoff(int failedAttempts, double jitter)
    {
        var doublings = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)FirstDelay.Ticks * Math.Pow(2, doublings), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)))));
    }
}

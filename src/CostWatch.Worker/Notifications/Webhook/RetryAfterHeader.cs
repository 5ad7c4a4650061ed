using System.Net.Http.Headers;

namespace CostWatch.Worker.Notifications.Webhook;

/// <summary><c>Retry-After</c> as seconds or as an HTTP date, made a wait from <paramref name="now"/>.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Wait(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}

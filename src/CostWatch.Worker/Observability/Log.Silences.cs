namespace CostWatch.Worker.Observability;

/// <summary>The silence API's log events (8100-8199). Comments are not logged: they are free text.</summary>
internal static partial class Log
{
    [LoggerMessage(8100, LogLevel.Information, "Silence {Id} created by {CreatedBy} from {StartsAt:o} to {EndsAt:o}: {Matchers}")]
    public static partial void SilenceCreated(ILogger logger, Guid id, string createdBy, DateTime startsAt, DateTime endsAt, string matchers);

    [LoggerMessage(8101, LogLevel.Information, "Silence {Id} expired at {ExpiredAt:o} through the API")]
    public static partial void SilenceExpired(ILogger logger, Guid id, DateTime expiredAt);
}

namespace CostWatch.Worker.Observability;

/// <summary>
/// The notification dispatcher's log events (9000-9099). Never a secret, a URL's query string or a notice body:
/// receivers are named by their configuration key, notices by their delivery id.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(9000, LogLevel.Information, "Notifications are on: receivers {Receivers}")]
    public static partial void NotificationsStarted(ILogger logger, string receivers);

    [LoggerMessage(9001, LogLevel.Debug, "Notice {DeliveryId} to {Receiver} queued for group {GroupKey}: {Reason}")]
    public static partial void NoticeQueued(ILogger logger, string deliveryId, string receiver, string groupKey, string reason);

    [LoggerMessage(9002, LogLevel.Debug, "Notice {DeliveryId} delivered to {Receiver} (attempt {Attempt})")]
    public static partial void NoticeDelivered(ILogger logger, string deliveryId, string receiver, int attempt);

    [LoggerMessage(9003, LogLevel.Warning, "Notice {DeliveryId} to {Receiver} failed (attempt {Attempt}); retrying at {NextAttempt:o}: {Error}")]
    public static partial void NoticeRetry(ILogger logger, string deliveryId, string receiver, int attempt, DateTime nextAttempt, string error);

    [LoggerMessage(9004, LogLevel.Error, "Notice {DeliveryId} to {Receiver} is dead after {Attempts} attempt(s): {Error}")]
    public static partial void NoticeDead(ILogger logger, string deliveryId, string receiver, int attempts, string error);

    [LoggerMessage(9005, LogLevel.Error, "Notification dispatch failed; the outbox and the due groups are taken on the next pass")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(9006, LogLevel.Error, "Delivering notices to {Receiver} failed on the store; they are tried again on the next pass")]
    public static partial void DeliveryStoreFailed(ILogger logger, string receiver, Exception exception);

    [LoggerMessage(9007, LogLevel.Warning, "Sender for {Receiver} threw instead of reporting an outcome; notice {DeliveryId} is retried")]
    public static partial void SenderThrew(ILogger logger, string receiver, string deliveryId, Exception exception);

    [LoggerMessage(9008, LogLevel.Debug, "Notice {DeliveryId} was finished by another replica while {Receiver} was being sent to")]
    public static partial void NoticeLeaseLost(ILogger logger, string deliveryId, string receiver);

    [LoggerMessage(9009, LogLevel.Warning, "Webhook {Receiver}: the {Format} body could not be built, sent a plain fallback body instead: {Error}")]
    public static partial void WebhookBodyFallback(ILogger logger, string receiver, string format, string error);

    [LoggerMessage(9010, LogLevel.Information, "Pruned {Rows} delivered and dead notices and dispatched outbox events past their retention")]
    public static partial void NotificationsPruned(ILogger logger, long rows);

    [LoggerMessage(9011, LogLevel.Information, "Test notice {DeliveryId} to {Receiver}: {State}")]
    public static partial void TestNotice(ILogger logger, string deliveryId, string receiver, string state);
}

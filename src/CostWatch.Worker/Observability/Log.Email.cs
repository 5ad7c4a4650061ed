namespace CostWatch.Worker.Observability;

/// <summary>
/// The e-mail sender's log events (9100-9149). Never a password nor a message body; recipient addresses only at
/// Debug, everything else counts them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(9100, LogLevel.Information, "Email notice {DeliveryId} for receiver {Receiver} accepted by {SmtpHost}:{SmtpPort} for {Recipients} recipient(s)")]
    public static partial void EmailDelivered(ILogger logger, string deliveryId, string receiver, string smtpHost, int smtpPort, int recipients);

    [LoggerMessage(9101, LogLevel.Debug, "Email notice {DeliveryId} for receiver {Receiver} goes to {Addresses}")]
    public static partial void EmailRecipients(ILogger logger, string deliveryId, string receiver, string addresses);

    [LoggerMessage(9102, LogLevel.Warning, "Email notice {DeliveryId} for receiver {Receiver} failed while {Phase} and will be retried: {Error}")]
    public static partial void EmailRetry(ILogger logger, string deliveryId, string receiver, string phase, string error);

    [LoggerMessage(9103, LogLevel.Error, "Email notice {DeliveryId} for receiver {Receiver} failed while {Phase} and cannot succeed as configured: {Error}")]
    public static partial void EmailDead(ILogger logger, string deliveryId, string receiver, string phase, string error);

    [LoggerMessage(9104, LogLevel.Error, "Formatting the email for notice {DeliveryId} failed; it is sent with a plain fallback body that names the error")]
    public static partial void EmailFormattingFailed(ILogger logger, string deliveryId, Exception exception);

    [LoggerMessage(9105, LogLevel.Warning, "Email notice {DeliveryId} was accepted by {SmtpHost}:{SmtpPort}, but closing the connection failed")]
    public static partial void EmailQuitFailed(ILogger logger, string deliveryId, string smtpHost, int smtpPort, Exception exception);

    [LoggerMessage(9106, LogLevel.Error, "Email notice {DeliveryId} for receiver {Receiver} failed unexpectedly while {Phase}; it will be retried")]
    public static partial void EmailUnexpectedFailure(ILogger logger, string deliveryId, string receiver, string phase, Exception exception);
}

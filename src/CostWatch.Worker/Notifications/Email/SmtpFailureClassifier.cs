using System.Globalization;
using System.Net.Sockets;
using CostWatch.Core.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Which SMTP failures are worth another attempt. As SMTP itself defines it, a 4xx reply is transient and a 5xx
/// reply permanent. Connection errors, TLS handshake failures, timeouts and a server that does not offer STARTTLS
/// are retried (the dispatcher's deadline dead-letters them in the end); a rejected login (535) or a server that
/// cannot authenticate us at all is a configuration problem that no retry fixes, so it is dead at once.
/// </summary>
internal static class SmtpFailureClassifier
{
    /// <summary>The outcome for a failure MailKit or the network raised; null for anything else (a bug).</summary>
    public static DeliveryOutcome? Classify(Exception error, SmtpPhase phase, string smtpHost, int smtpPort) => error switch
    {
        SmtpCommandException command => ByReplyCode((int)command.StatusCode,
            $"SMTP server replied {(int)command.StatusCode} ({command.ErrorCode}): {command.Message}"),
        SaslException sasl => new DeliveryOutcome.Dead($"SMTP authentication failed: {sasl.Message}"),
        AuthenticationException authentication => ByAuthenticationReply(authentication),
        NotSupportedException when phase == SmtpPhase.Connecting => new DeliveryOutcome.Retry(
            $"{smtpHost}:{smtpPort} does not offer STARTTLS, which Security StartTls requires; CostWatch never falls back to clear text ({error.Message})",
            After: null),
        NotSupportedException => new DeliveryOutcome.Dead($"SMTP server cannot authenticate with a user name and password: {error.Message}"),
        SslHandshakeException => new DeliveryOutcome.Retry($"TLS with {smtpHost}:{smtpPort} failed: {OneLine(error.Message)}", After: null),
        SmtpProtocolException or ServiceNotConnectedException => new DeliveryOutcome.Retry($"SMTP connection failed: {error.Message}", After: null),
        SocketException or IOException or TimeoutException => new DeliveryOutcome.Retry(
            $"connection to {smtpHost}:{smtpPort} failed: {error.GetType().Name}: {error.Message}", After: null),
        _ => null,
    };

    private static DeliveryOutcome ByReplyCode(int code, string message) =>
        code is >= 500 and < 600 ? new DeliveryOutcome.Dead(message) : new DeliveryOutcome.Retry(message, After: null);

    /// <summary>
    /// MailKit words a failed login "&lt;code&gt;: &lt;server's text&gt;": 454 (temporary failure) is retried, 535
    /// (credentials rejected) and any other reply is dead.
    /// </summary>
    private static DeliveryOutcome ByAuthenticationReply(AuthenticationException error)
    {
        var message = $"SMTP authentication failed (check Username and Password): {error.Message}";
        return error.Message.Length >= 3 && int.TryParse(error.Message.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is >= 400 and < 500
            ? new DeliveryOutcome.Retry(message, After: null)
            : new DeliveryOutcome.Dead(message);
    }

    /// <summary>MailKit's handshake message spans several lines of advice; the outcome is stored and logged on one.</summary>
    private static string OneLine(string text) => NoticeFormatting.OneLine(text, 600);
}

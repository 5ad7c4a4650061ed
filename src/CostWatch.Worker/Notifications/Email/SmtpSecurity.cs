using System.Net;
using MailKit.Security;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>How the connection to the SMTP server is protected: <c>ReceiverOptions.Security</c>.</summary>
internal enum SmtpSecurity
{
    /// <summary>Plain connect, then STARTTLS, which the server must offer: never a fall back to clear text.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect,

    /// <summary>Clear text: only for a relay on the same machine (a loopback host).</summary>
    None,
}

internal static class SmtpSecurityModes
{
    public static bool TryParse(string? text, out SmtpSecurity security) =>
        Enum.TryParse(text, ignoreCase: true, out security) && Enum.IsDefined(security) && !int.TryParse(text, out _);

    /// <summary>
    /// MailKit's option for a mode. <see cref="SecureSocketOptions.StartTls"/>, unlike
    /// <see cref="SecureSocketOptions.StartTlsWhenAvailable"/>, fails when the server does not offer STARTTLS.
    /// </summary>
    public static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security mode."),
    };

    /// <summary>
    /// Whether <paramref name="host"/> names this machine: <c>localhost</c> or a loopback address
    /// (127.0.0.0/8, ::1). Clear text never leaves the machine then.
    /// </summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return false;
        }

        var trimmed = host.Trim();
        if (string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // An IPv6 literal may come in brackets, as in a URL.
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            trimmed = trimmed[1..^1];
        }

        return IPAddress.TryParse(trimmed, out var address) && IPAddress.IsLoopback(address);
    }
}

using System.Net.Security;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// How the SMTP server's TLS certificate is checked. The default (<see cref="System"/>) is MailKit's own check
/// against the system's trusted roots and the host name. There is no setting to turn the check off: only code can
/// register another instance, which the tests do to trust the self-signed certificate of their SMTP server.
/// </summary>
internal sealed class SmtpServerCertificateCheck(RemoteCertificateValidationCallback? callback)
{
    public static SmtpServerCertificateCheck System { get; } = new(null);

    /// <summary>Null for the default check.</summary>
    public RemoteCertificateValidationCallback? Callback { get; } = callback;
}

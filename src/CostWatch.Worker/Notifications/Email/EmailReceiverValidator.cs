using MimeKit;

namespace CostWatch.Worker.Notifications.Email;

/// <summary>
/// Checks the e-mail keys of one receiver of type Email. The notifications options validator calls
/// <see cref="Validate"/> for every such receiver at start-up; the sender calls <see cref="ValidateForSending"/>
/// before each send, so a receiver that slipped past start-up is dead-lettered with the same message instead of
/// being sent somewhere unsafe.
/// </summary>
internal static class EmailReceiverValidator
{
    /// <summary>Where receivers are configured; every failure names its key below it.</summary>
    public const string ReceiversSection = "CostWatch:Notifications:Receivers";

    /// <summary>Every problem of the receiver, each naming its configuration key; empty when it is valid.</summary>
    internal static IReadOnlyList<string> Validate(string receiverName, ReceiverOptions receiver)
    {
        var failures = new List<string>();
        var key = $"{ReceiversSection}:{receiverName}";

        if (receiver.To.Length == 0)
        {
            failures.Add($"{key}:To must list at least one e-mail address.");
        }

        for (var i = 0; i < receiver.To.Length; i++)
        {
            if (!IsAddress(receiver.To[i]))
            {
                failures.Add($"{key}:To:{i} is not an e-mail address, was '{receiver.To[i]}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(receiver.From))
        {
            failures.Add($"{key}:From is required: the sender's e-mail address.");
        }
        else if (!IsAddress(receiver.From))
        {
            failures.Add($"{key}:From is not an e-mail address, was '{receiver.From}'.");
        }

        if (string.IsNullOrWhiteSpace(receiver.SmtpHost))
        {
            failures.Add($"{key}:SmtpHost is required: the SMTP server's host name or address.");
        }

        if (receiver.SmtpPort is < 1 or > 65535)
        {
            failures.Add($"{key}:SmtpPort must be between 1 and 65535, was {receiver.SmtpPort}.");
        }

        if (!SmtpSecurityModes.TryParse(receiver.Security, out var security))
        {
            failures.Add($"{key}:Security must be StartTls, SslOnConnect or None, was '{receiver.Security}'.");
        }
        else if (security == SmtpSecurity.None && !string.IsNullOrWhiteSpace(receiver.SmtpHost)
                 && !SmtpSecurityModes.IsLoopbackHost(receiver.SmtpHost))
        {
            failures.Add($"{key}:Security None sends in clear text and is allowed only for a loopback SmtpHost "
                + $"(localhost, 127.0.0.1, ::1); SmtpHost was '{receiver.SmtpHost}'. Use StartTls or SslOnConnect.");
        }

        if (string.IsNullOrEmpty(receiver.Username))
        {
            if (!string.IsNullOrEmpty(receiver.Password) || !string.IsNullOrEmpty(receiver.PasswordFile))
            {
                failures.Add($"{key}:Username is required when a Password or PasswordFile is set.");
            }
        }
        else if (string.IsNullOrEmpty(receiver.Password) && string.IsNullOrEmpty(receiver.PasswordFile))
        {
            // The value is a secret: say which key is missing, never what it holds.
            failures.Add($"{key}:Password or {key}:PasswordFile is required when Username is set.");
        }

        return failures;
    }

    /// <summary>
    /// <see cref="Validate"/> plus what every receiver type needs and the notifications options validator checks for
    /// all of them (so it is not reported twice at start-up): a positive <c>Timeout</c>. The sender checks this.
    /// </summary>
    internal static IReadOnlyList<string> ValidateForSending(string receiverName, ReceiverOptions receiver)
    {
        var failures = new List<string>(Validate(receiverName, receiver));
        if (receiver.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{ReceiversSection}:{receiverName}:Timeout must be a positive duration (for example 00:00:10), was {receiver.Timeout}.");
        }

        return failures;
    }

    /// <summary>One mailbox with a local part and a domain, optionally with a display name ("Ops &lt;ops@example.com&gt;").</summary>
    internal static bool IsAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(text, out var mailbox))
        {
            return false;
        }

        var at = mailbox.Address.LastIndexOf('@');
        return at > 0 && at < mailbox.Address.Length - 1;
    }
}

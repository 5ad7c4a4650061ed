namespace CostWatch.Worker.Notifications;

/// <summary>
/// Secrets given as files (<c>PasswordFile</c>, <c>SecretFile</c>: container secrets): read once at start-up into the
/// receiver's options, so senders find them in <see cref="ReceiverOptions.Password"/> and <see cref="ReceiverOptions.Secret"/>.
/// A trailing line break (as <c>echo</c> leaves one) is not part of the secret.
/// </summary>
internal static class ReceiverSecrets
{
    /// <summary>Why the file cannot serve as a secret, or null when it can.</summary>
    public static string? ReadFileProblem(string path)
    {
        try
        {
            return Read(path).Length == 0 ? "it is empty" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e.Message.TrimEnd('.');
        }
    }

    /// <summary>A copy of <paramref name="receiver"/> with its secret files read.</summary>
    public static ReceiverOptions Resolve(ReceiverOptions receiver) => new()
    {
        Type = receiver.Type,
        To = receiver.To,
        From = receiver.From,
        SmtpHost = receiver.SmtpHost,
        SmtpPort = receiver.SmtpPort,
        Security = receiver.Security,
        Username = receiver.Username,
        Password = receiver.PasswordFile is { } passwordFile ? Read(passwordFile) : receiver.Password,
        PasswordFile = receiver.PasswordFile,
        SendResolved = receiver.SendResolved,
        Url = receiver.Url,
        Format = receiver.Format,
        Secret = receiver.SecretFile is { } secretFile ? Read(secretFile) : receiver.Secret,
        SecretFile = receiver.SecretFile,
        Timeout = receiver.Timeout,
    };

    private static string Read(string path) => File.ReadAllText(path).TrimEnd('\r', '\n');
}

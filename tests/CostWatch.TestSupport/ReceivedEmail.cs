namespace CostWatch.TestSupport;

/// <summary>
/// One message the test's SMTP server accepted: the envelope, whether the connection was encrypted and who had
/// logged in, and the message exactly as it arrived.
/// </summary>
public sealed record ReceivedEmail(string MailFrom, IReadOnlyList<string> Recipients, bool Tls, string? AuthUser, byte[] Content);

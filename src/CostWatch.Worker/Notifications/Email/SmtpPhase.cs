namespace CostWatch.Worker.Notifications.Email;

/// <summary>Where in the SMTP dialogue a send failed: the same error means different things in different phases.</summary>
internal enum SmtpPhase
{
    Connecting,
    Authenticating,
    Sending,
}

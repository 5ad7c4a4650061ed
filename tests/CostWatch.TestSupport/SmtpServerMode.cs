namespace CostWatch.TestSupport;

/// <summary>How the test's SMTP server protects its connections (see smtp_server.py).</summary>
public enum SmtpServerMode
{
    /// <summary>STARTTLS offered and required before anything else; AUTH after it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (what a client calls SslOnConnect); AUTH offered.</summary>
    ImplicitTls,

    /// <summary>No TLS at all: STARTTLS is not offered.</summary>
    Plain,
}

using CostWatch.Worker.Notifications;
using CostWatch.Worker.Notifications.Email;

namespace CostWatch.Worker.Tests.Notifications.Email;

/// <summary>Receivers of Type Email: every problem reported at once, each naming its configuration key.</summary>
public sealed class EmailReceiverValidatorTests
{
    private const string Key = "CostWatch:Notifications:Receivers:oncall-email";

    private static ReceiverOptions Valid() => new()
    {
        Type = "Email",
        To = ["oncall@example.com", "Ops <ops@example.com>"],
        From = "costwatch@example.com",
        SmtpHost = "smtp.example.com",
        Username = "costwatch",
        PasswordFile = "/run/secrets/smtp",
    };

    [Fact]
    public void Validate_AValidReceiver_HasNoFailures()
    {
        Assert.Empty(EmailReceiverValidator.Validate("oncall-email", Valid()));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblemByKey()
    {
        var receiver = new ReceiverOptions
        {
            Type = "Email",
            To = ["oncall@example.com", "not an address"],
            From = "nobody",
            SmtpHost = " ",
            SmtpPort = 0,
            Security = "Tls",
            Password = "hunter2",
            Timeout = TimeSpan.Zero,
        };

        var failures = EmailReceiverValidator.Validate("oncall-email", receiver);

        Assert.Equal(
        [
            $"{Key}:To:1 is not an e-mail address, was 'not an address'.",
            $"{Key}:From is not an e-mail address, was 'nobody'.",
            $"{Key}:SmtpHost is required: the SMTP server's host name or address.",
            $"{Key}:SmtpPort must be between 1 and 65535, was 0.",
            $"{Key}:Security must be StartTls, SslOnConnect or None, was 'Tls'.",
            $"{Key}:Username is required when a Password or PasswordFile is set.",
        ], failures);
        Assert.DoesNotContain(failures, failure => failure.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateForSending_AddsTheTimeout_WhichTheOptionsValidatorChecksForEveryReceiver()
    {
        var receiver = Valid();
        receiver.Timeout = TimeSpan.Zero;

        Assert.Empty(EmailReceiverValidator.Validate("oncall-email", receiver));
        Assert.Equal([$"{Key}:Timeout must be a positive duration (for example 00:00:10), was 00:00:00."],
            EmailReceiverValidator.ValidateForSending("oncall-email", receiver));
    }

    [Fact]
    public void Validate_MissingToFromAndPassword_NameTheirKeys()
    {
        var receiver = Valid();
        receiver.To = [];
        receiver.From = null;
        receiver.PasswordFile = null;

        Assert.Equal(
        [
            $"{Key}:To must list at least one e-mail address.",
            $"{Key}:From is required: the sender's e-mail address.",
            $"{Key}:Password or {Key}:PasswordFile is required when Username is set.",
        ], EmailReceiverValidator.Validate("oncall-email", receiver));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void Validate_SecurityNone_IsAcceptedForALoopbackHost(string host)
    {
        var receiver = Valid();
        receiver.Security = "none";
        receiver.SmtpHost = host;

        Assert.Empty(EmailReceiverValidator.Validate("oncall-email", receiver));
    }

    [Theory]
    [InlineData("smtp.example.com")]
    [InlineData("10.0.0.5")]
    [InlineData("localhost.example.com")]
    public void Validate_SecurityNone_IsRefusedForAnyOtherHost(string host)
    {
        var receiver = Valid();
        receiver.Security = "None";
        receiver.SmtpHost = host;

        var failure = Assert.Single(EmailReceiverValidator.Validate("oncall-email", receiver));
        Assert.StartsWith($"{Key}:Security None sends in clear text and is allowed only for a loopback SmtpHost", failure, StringComparison.Ordinal);
        Assert.Contains($"SmtpHost was '{host}'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StartTls")]
    [InlineData("starttls")]
    [InlineData("SslOnConnect")]
    public void Validate_TlsModes_AreAcceptedForAnyHost(string security)
    {
        var receiver = Valid();
        receiver.Security = security;

        Assert.Empty(EmailReceiverValidator.Validate("oncall-email", receiver));
    }

    [Fact]
    public void Validate_ANumberForSecurity_IsRefused()
    {
        var receiver = Valid();
        receiver.Security = "2";

        Assert.Equal([$"{Key}:Security must be StartTls, SslOnConnect or None, was '2'."],
            EmailReceiverValidator.Validate("oncall-email", receiver));
    }
}

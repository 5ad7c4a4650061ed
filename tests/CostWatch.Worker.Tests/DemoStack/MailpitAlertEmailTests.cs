using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using CostWatch.Simulator;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using CostWatch.Worker.Tests.Simulator;

namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>
/// The demo stack's promise "running a scenario puts an alert e-mail into Mailpit", without Docker. The worker runs as
/// a process of its own with the compose file's e-mail settings and its <c>SSL_CERT_FILE</c>, changed only where
/// the compose network cannot be had (the host, the port, the certificate's path on this machine); a real SMTP server
/// stands in for Mailpit, presenting the demo certificate and requiring STARTTLS as the compose file configures Mailpit.
/// The worker has no certificate override: the e-mail arrives only if the process trusts the demo certificate
/// through <c>SSL_CERT_FILE</c>, as the container does.
/// </summary>
public sealed partial class MailpitAlertEmailTests
{
    private const string ReceiversPrefix = "CostWatch__Notifications__Receivers__";
    private const string CertificateFile = "SSL_CERT_FILE";

    [SmtpFact]
    public async Task ContextPressureScenario_PutsATokenBudgetExceededEmailIntoMailpit_WithTheComposeFilesSettings()
    {
        var costwatch = ComposeService.Read("costwatch");
        var mailpit = ComposeService.Read("mailpit");

        // What compose gives CostWatch for e-mail: the notification settings and the trust store.
        var compose = costwatch.Environment
            .Where(e => e.Key.StartsWith("CostWatch__Notifications__", StringComparison.Ordinal) || e.Key == CertificateFile)
            .ToDictionary();
        var smtpHost = Assert.Single(compose.Keys, key => key.StartsWith(ReceiversPrefix, StringComparison.Ordinal) && key.EndsWith("__SmtpHost", StringComparison.Ordinal));
        var receiver = smtpHost[..^"SmtpHost".Length];
        var smtpPort = receiver + "SmtpPort";

        // Those settings reach the mailpit service: its name, its SMTP port (Mailpit's default, not rebound), STARTTLS
        // (which Mailpit requires), and the trusted file is the certificate Mailpit presents.
        Assert.Equal(mailpit.Name, compose[smtpHost]);
        Assert.Equal("1025", compose[smtpPort]);
        Assert.False(mailpit.Environment.ContainsKey("MP_SMTP_BIND_ADDR"), "Mailpit's SMTP port is rebound: compose's SmtpPort must follow");
        Assert.Equal("StartTls", compose[receiver + "Security"]);
        Assert.Equal("true", mailpit.Environment["MP_SMTP_REQUIRE_STARTTLS"]);
        var demoCertificate = costwatch.HostPathOf(compose[CertificateFile]);
        Assert.Equal(demoCertificate, mailpit.HostPathOf(mailpit.Environment["MP_SMTP_TLS_CERT"]));
        var demoKey = mailpit.HostPathOf(mailpit.Environment["MP_SMTP_TLS_KEY"]);
        Assert.True(File.Exists(demoCertificate) && File.Exists(demoKey), $"{demoCertificate} or {demoKey} is missing");

        // Nothing on this machine trusts the demo certificate but SSL_CERT_FILE: a delivery over TLS proves it was honoured.
        using (var certificate = X509CertificateLoader.LoadCertificateFromFile(demoCertificate))
        using (var chain = new X509Chain { ChainPolicy = { RevocationMode = X509RevocationMode.NoCheck } })
        {
            Assert.False(chain.Build(certificate), "the system trust store already trusts the demo certificate");
        }

        await using var smtp = await SmtpServer.StartAsync(SmtpServerMode.StartTls, certificateFiles: (demoCertificate, demoKey));
        var outside = new Dictionary<string, string>(compose)
        {
            [smtpHost] = SmtpServer.Host,
            [smtpPort] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            [CertificateFile] = demoCertificate,
        };
        Assert.Equal(compose.Keys.Order(StringComparer.Ordinal), outside.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { CertificateFile, smtpHost, smtpPort }.Order(StringComparer.Ordinal),
            compose.Keys.Where(key => compose[key] != outside[key]).Order(StringComparer.Ordinal));

        var directory = Directory.CreateTempSubdirectory("costwatch-mailpit-").FullName;
        try
        {
            var rulesFile = Path.Combine(directory, "costwatch-rules.yaml");
            await File.WriteAllTextAsync(rulesFile, EvaluatedEverySecond(costwatch.HostPathOf(costwatch.Environment["CostWatch__Alerting__RulesFile"])));
            using var worker = WorkerProcess.Start($"Data Source={Path.Combine(directory, "costwatch.db")}", "Sqlite", outside,
                $"--CostWatch:Alerting:RulesFile={rulesFile}",
                "--CostWatch:Rollups:Interval=00:00:01");
            await worker.WaitUntilReadyAsync();
            await using var fleet = SimulatedFleet.Start(worker.GrpcUrl, Scenario.ContextPressure);

            // The deadline only bounds a failure: the rule fires within seconds, then the default group wait (30 s) passes.
            List<Delivered> emails;
            try
            {
                emails = await Eventually.GetAsync(() => Task.FromResult(Delivered.From(smtp)),
                    delivered => delivered.Any(e => e.Subject.Contains("TokenBudgetExceeded", StringComparison.Ordinal)),
                    "an e-mail about TokenBudgetExceeded", timeoutSeconds: 120);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\ne-mails: [{string.Join("; ", Delivered.From(smtp))}]\nfleet: {fleet.Progress}\nworker:\n{worker.Output}\nSMTP server:\n{smtp.Output}");
            }

            var alert = emails.First(e => e.Subject.Contains("TokenBudgetExceeded", StringComparison.Ordinal));
            Assert.StartsWith("[FIRING:", alert.Subject, StringComparison.Ordinal);
            Assert.Equal([compose[receiver + "To__0"]], alert.Email.Recipients);
            Assert.Equal(compose[receiver + "From"], alert.Email.MailFrom);
            Assert.True(alert.Email.Tls, "the e-mail came in clear");
            Assert.All(smtp.MailCommands(), command => Assert.Equal("MAIL tls=True", command));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The rules file compose mounts, evaluated every second instead of every 30 s. TokenBudgetExceeded has no
    /// <c>for</c> nor minimum samples: the first oversized prompt fires it at the next evaluation.
    /// </summary>
    private static string EvaluatedEverySecond(string shippedRulesFile)
    {
        var rules = File.ReadAllText(shippedRulesFile);
        Assert.Single(EvaluationInterval().Matches(rules));
        return EvaluationInterval().Replace(rules, "evaluationInterval: 1s");
    }

    [GeneratedRegex(@"^evaluationInterval: .*$", RegexOptions.Multiline)]
    private static partial Regex EvaluationInterval();

    /// <summary>A message the SMTP server accepted and its decoded subject, shown by subject when a wait gives up.</summary>
    private sealed record Delivered(ReceivedEmail Email, string Subject)
    {
        public static List<Delivered> From(SmtpServer smtp) => smtp.Received()
            .Select(e => new Delivered(e, MimeKit.MimeMessage.Load(new MemoryStream(e.Content)).Subject ?? "")).ToList();

        public override string ToString() => Subject;
    }
}

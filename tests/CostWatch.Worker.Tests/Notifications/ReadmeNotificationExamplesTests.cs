using System.Text;
using System.Text.RegularExpressions;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// The notification settings README.md shows are accepted by the start-up check as written (only the secret files
/// they name are made to exist) and mean what the README says.
/// </summary>
public sealed partial class ReadmeNotificationExamplesTests : IDisposable
{
    private readonly string _secrets = Directory.CreateTempSubdirectory("costwatch-readme-secrets-").FullName;

    [Fact]
    public void NotificationsExample_StartsTheWorker_WithItsReceiversRoutesAndTimings()
    {
        var receivers = Start(Example("## Notifications"));

        Assert.Equal(["oncall-email", "ops-hook"], receivers.Names);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4)),
            (receivers.Timings.GroupWait, receivers.Timings.GroupInterval, receivers.Timings.RepeatInterval));
        Assert.Equal("secret from /run/secrets/smtp", receivers.Find("oncall-email")!.Options.Password);
        Assert.Equal("secret from /run/secrets/ops-hook", receivers.Find("ops-hook")!.Options.Secret);
        // Critical alerts go to both receivers, the rest only to the webhook.
        Assert.Equal(["oncall-email", "ops-hook"], receivers.Router.ReceiversFor(Outbox.Labels("TraceLoss", "researcher")));
        Assert.Equal(["ops-hook"], receivers.Router.ReceiversFor(Outbox.Labels("TokenBudgetExceeded", "researcher", "warning")));
    }

    [Fact]
    public void EmailExample_IsAnAcceptedReceiver()
    {
        var receiver = Example("## Email notifications");
        var receivers = Start($$"""{ "CostWatch": { "Notifications": { "Receivers": { {{receiver}} } } } }""");

        var email = receivers.Find("oncall-email")!;
        Assert.Equal(("Email", "smtp.example.com", 587, "StartTls"),
            (email.Options.Type, email.Options.SmtpHost, email.Options.SmtpPort, email.Options.Security));
        Assert.True(email.SendsResolved);
    }

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    /// <summary>Builds the worker with <paramref name="json"/> as a configuration file, its secret files pointed at temp files.</summary>
    private NotificationReceivers Start(string json)
    {
        var withFiles = SecretFile().Replace(json, match =>
        {
            var file = Path.Combine(_secrets, Path.GetFileName(match.Groups["path"].Value));
            File.WriteAllText(file, $"secret from {match.Groups["path"].Value}\n");
            return $"\"{match.Groups["key"].Value}\": \"{file}\"";
        });
        var app = CostWatchApp.Build([], builder =>
            builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(withFiles))));
        return app.Services.GetRequiredService<NotificationReceivers>();
    }

    /// <summary>The first JSON block under <paramref name="heading"/> in README.md, as a JSON document when it is a fragment.</summary>
    private static string Example(string heading)
    {
        var readme = DemoStack.RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{heading}'");
        var block = JsonBlock().Match(readme, start).Groups["code"].Value.Trim();
        return block.StartsWith("\"CostWatch\"", StringComparison.Ordinal) ? "{ " + block + " }" : block;
    }

    [GeneratedRegex(@"```json\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("\"(?<key>PasswordFile|SecretFile)\": \"(?<path>[^\"]+)\"")]
    private static partial Regex SecretFile();
}

using CostWatch.Worker.Hosting;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>The start-up check of <c>CostWatch:Notifications</c>: every failure names its key, and no failure shows a secret.</summary>
public sealed class NotificationOptionsTests
{
    private const string S = "--CostWatch:Notifications";

    [Fact]
    public void InvalidNotificationSettings_StopTheStart_NamingEveryKey_WithoutShowingSecrets()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
        [
            $"{S}:ExternalUrl=costwatch.example", $"{S}:GroupInterval=00:00:00", $"{S}:RepeatInterval=00:01:00",
            $"{S}:Receivers:hook:Type=Webhook", $"{S}:Receivers:hook:Url=ftp://hooks.example/x?token=hidden-token",
            $"{S}:Receivers:hook:Format=Teams", $"{S}:Receivers:hook:Secret=inline-secret", $"{S}:Receivers:hook:SecretFile=/nonexistent/secret",
            $"{S}:Receivers:pager:Type=Pager",
            $"{S}:Routes:0:Match:severity=critical", $"{S}:Routes:0:Receivers:0=nobody",
        ]));

        Assert.Equal(
        [
            "CostWatch:Notifications:ExternalUrl must be an absolute http or https URL, was 'costwatch.example'.",
            "CostWatch:Notifications:GroupInterval must be a positive duration (for example 00:00:30), was 00:00:00.",
            "CostWatch:Notifications:Receivers:hook:Url must be an absolute http or https URL.",
            "CostWatch:Notifications:Receivers:hook:Format must be one of CostWatch, Alertmanager, Slack, was 'Teams'.",
            "CostWatch:Notifications:Receivers:hook: set Secret or SecretFile, not both.",
            "CostWatch:Notifications:Receivers:pager:Type must be one of Email, Webhook (the types this build can send to), was 'Pager'.",
            "CostWatch:Notifications:Routes needs a route without Match (the last such route takes the alerts no route matches).",
            "CostWatch:Notifications:Routes:0:Receivers:0 names no receiver of CostWatch:Notifications:Receivers, was 'nobody'.",
        ], error.Failures);
        Assert.DoesNotContain("hidden-token", error.Message);
        Assert.DoesNotContain("inline-secret", error.Message);
    }

    [Fact]
    public void AnEmailReceiver_IsCheckedByTheEmailSendersRules_AndItsPasswordFileIsRead()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
        [
            $"{S}:Receivers:mail:Type=Email", $"{S}:Receivers:mail:SmtpHost=smtp.example.com", $"{S}:Receivers:mail:Security=None",
            $"{S}:Receivers:mail:From=costwatch", $"{S}:Receivers:mail:PasswordFile=/nonexistent/smtp",
        ]));

        Assert.Equal(
        [
            "CostWatch:Notifications:Receivers:mail:To must list at least one e-mail address.",
            "CostWatch:Notifications:Receivers:mail:From is not an e-mail address, was 'costwatch'.",
            "CostWatch:Notifications:Receivers:mail:Security None sends in clear text and is allowed only for a loopback SmtpHost " +
            "(localhost, 127.0.0.1, ::1); SmtpHost was 'smtp.example.com'. Use StartTls or SslOnConnect.",
            "CostWatch:Notifications:Receivers:mail:Username is required when a Password or PasswordFile is set.",
            "CostWatch:Notifications:Receivers:mail:PasswordFile '/nonexistent/smtp' cannot be read: Could not find a part of the path '/nonexistent/smtp'.",
        ], error.Failures);
    }

    [Fact]
    public void DurationsMayBeWrittenAsInAlertmanager_OrAsEverywhereElse()
    {
        var app = CostWatchApp.Build(
        [
            $"{S}:GroupWait=30s", $"{S}:GroupInterval=00:05:00", $"{S}:RepeatInterval=4h", $"{S}:DeliveryDeadline=1h30m",
            $"{S}:Receivers:hook:Type=webhook", $"{S}:Receivers:hook:Url=http://127.0.0.1:9/hook", $"{S}:Receivers:hook:Timeout=2500ms",
            $"{S}:Receivers:hook:SendResolved=false",
        ]);

        var receivers = (Worker.Notifications.NotificationReceivers)app.Services.GetService(typeof(Worker.Notifications.NotificationReceivers))!;
        Assert.Equal(new Core.Notifications.NoticeTimings(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4)), receivers.Timings);
        Assert.Equal(TimeSpan.FromMinutes(90), receivers.DeliveryDeadline);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), receivers.Find("hook")!.Options.Timeout);
        Assert.False(receivers.Find("hook")!.SendsResolved);
    }

    [Fact]
    public void KeysThatAreNoSetting_AndValuesOfTheWrongKind_AreNamed()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
        [
            $"{S}:GroupWait=soon", $"{S}:Recievers:hook:Type=Webhook",
            $"{S}:Receivers:hook:Type=Webhook", $"{S}:Receivers:hook:Url=http://127.0.0.1:9/hook", $"{S}:Receivers:hook:SendResolved=yes",
            $"{S}:Receivers:hook:Sekret=x", $"{S}:Routes:0:Receivers:0=hook", $"{S}:Routes:0:Continue=maybe",
        ]));

        Assert.Equal(
        [
            "CostWatch:Notifications:Recievers is not a setting; the settings here are ExternalUrl, GroupBy, GroupWait, GroupInterval, RepeatInterval, DeliveryDeadline, RetryDelay, MaxRetryDelay, Retention, Receivers, Routes.",
            "CostWatch:Notifications:GroupWait must be a duration such as 30s, 5m, 4h or 00:00:30, was 'soon'.",
            "CostWatch:Notifications:Receivers:hook:Sekret is not a setting; the settings here are Type, To, From, SmtpHost, SmtpPort, Security, Username, Password, PasswordFile, SendResolved, Url, Format, Secret, SecretFile, Timeout.",
            "CostWatch:Notifications:Receivers:hook:SendResolved must be true or false, was 'yes'.",
            "CostWatch:Notifications:Routes:0:Continue must be true or false, was 'maybe'.",
        ], error.Failures);
    }

    [Fact]
    public void ASecretFile_IsReadIntoTheReceiver_WithoutItsTrailingLineBreak()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-a-file\n");
            var app = CostWatchApp.Build(
            [
                $"{S}:Receivers:hook:Type=Webhook", $"{S}:Receivers:hook:Url=http://127.0.0.1:9/hook", $"{S}:Receivers:hook:SecretFile={file}",
            ]);

            var receivers = (Worker.Notifications.NotificationReceivers)app.Services.GetService(typeof(Worker.Notifications.NotificationReceivers))!;
            Assert.Equal("from-a-file", receivers.Find("hook")!.Options.Secret);
            Assert.True(receivers.Find("hook")!.SendsResolved);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

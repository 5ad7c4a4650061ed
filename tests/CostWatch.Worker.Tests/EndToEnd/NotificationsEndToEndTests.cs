using System.Net.Http.Json;
using System.Text.Json;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Notifications.Email;
using CostWatch.Worker.Tests.Hosting;
using CostWatch.Worker.Tests.Notifications;
using CostWatch.Worker.Tests.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>
/// The whole path on real sockets: the OpenTelemetry .NET SDK reports an agent, the agent goes silent, trace loss fires,
/// the outbox carries it to a webhook receiver (Kestrel in the test); the agent reports again and the receiver hears it
/// resolve. And a worker killed while a receiver holds its request: the notice survives, with its delivery id.
/// </summary>
public sealed class NotificationsEndToEndTests
{
    private const string Secret = "end-to-end-secret";

    [SmtpFact]
    public async Task TraceLossFires_OneEmailAndOneWebhookNotice_ThenTheAgentReportsAgain_OneResolvedNoticeEach()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var smtp = await SmtpServer.StartAsync(SmtpServerMode.StartTls);
        var settings = Settings(receiver.Url);
        foreach (var (key, value) in EmailSettings(smtp))
        {
            settings[key] = value;
        }

        await using var worker = await WorkerHost.StartAsync(settings: settings, configure: builder =>
        {
            ShortWindowRules.Use(builder);
            // The test server's self-signed certificate, trusted for this worker only.
            builder.Services.Replace(ServiceDescriptor.Singleton(new SmtpServerCertificateCheck(smtp.TrustsItsCertificate)));
        });
        using var agent = new AgentTraces(worker.HttpUrl, OtlpExportProtocol.HttpProtobuf);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        agent.Run("researcher", "session-1", llmCalls: 1, toolCalls: 0);
        Assert.True(agent.Flush());
        var firing = await Eventually.GetAsync(() => Task.FromResult(TraceLoss(receiver)), n => n.Count >= 1,
            "a trace-loss notice", timeoutSeconds: 60);

        // The agent is back and keeps reporting (every second, well inside the 3 s threshold) until the test ends.
        using var stop = new CancellationTokenSource();
        var reporting = Task.Run(async () =>
        {
            for (var run = 2; !stop.IsCancellationRequested; run++)
            {
                agent.Run("researcher", $"session-{run}", llmCalls: 1, toolCalls: 0);
                agent.Flush();
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        });
        var both = await Eventually.GetAsync(() => Task.FromResult(TraceLoss(receiver)), n => n.Count >= 2,
            "the resolved notice", timeoutSeconds: 60);

        Assert.Equal(["firing first notification researcher:new", "resolved all alerts resolved researcher:resolved"],
            both.Select(Describe));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.True(WebhookVerifier.Verify(r, Secret, DateTimeOffset.UtcNow)));
        Assert.Equal(firing[0].Json.GetProperty("groupKey").GetString(), both[1].Json.GetProperty("groupKey").GetString());

        // The same two notices by e-mail, over STARTTLS with AUTH: one firing, one resolved, in one thread.
        var emails = await Eventually.GetAsync(() => Task.FromResult(smtp.Received()), e => e.Count >= 2, "two e-mails");
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.True(e.Tls && e.AuthUser == SmtpServer.User));
        var subjects = emails.Select(e => MimeKit.MimeMessage.Load(new MemoryStream(e.Content))).Select(m => m.Subject).ToList();
        // Grouped by the default group labels (the rule): the subject names the rule and the count.
        Assert.Equal(["[FIRING:1] TraceLoss", "[RESOLVED] TraceLoss"], subjects);

        // A receiver has the notice a moment before the worker records it delivered: the listing catches up.
        var delivered = await Eventually.GetAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications?status=delivered"))
                .GetProperty("notifications").GetArrayLength(),
            n => n >= 4, "four notices listed as delivered");
        Assert.Equal(4, delivered);
        var metrics = await Eventually.GetAsync(() => ScrapedMetrics.ScrapeAsync(http),
            m => m.Value("costwatch_notifications_total", ("receiver", "ops-hook"), ("outcome", "delivered")) == 2
                 && m.Value("costwatch_notifications_total", ("receiver", "oncall-email"), ("outcome", "delivered")) == 2
                 && m.Value("costwatch_notification_queue_depth") == 0, "the delivered counter, and the queue depth refreshed");
        Assert.Equal(0, metrics.Value("costwatch_notifications_total", ("receiver", "ops-hook"), ("outcome", "dead")));

        await stop.CancelAsync();
        await reporting;
    }

    private static Dictionary<string, string> EmailSettings(SmtpServer smtp) => new()
    {
        ["CostWatch:Notifications:Receivers:oncall-email:Type"] = "Email",
        ["CostWatch:Notifications:Receivers:oncall-email:To:0"] = "oncall@costwatch.example",
        ["CostWatch:Notifications:Receivers:oncall-email:From"] = "costwatch@costwatch.example",
        ["CostWatch:Notifications:Receivers:oncall-email:SmtpHost"] = SmtpServer.Host,
        ["CostWatch:Notifications:Receivers:oncall-email:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CostWatch:Notifications:Receivers:oncall-email:Security"] = "StartTls",
        ["CostWatch:Notifications:Receivers:oncall-email:Username"] = SmtpServer.User,
        ["CostWatch:Notifications:Receivers:oncall-email:Password"] = SmtpServer.Password,
        ["CostWatch:Notifications:Receivers:oncall-email:SendResolved"] = "true",
        ["CostWatch:Notifications:Routes:0:Receivers:0"] = "ops-hook",
        ["CostWatch:Notifications:Routes:0:Receivers:1"] = "oncall-email",
    };

    [Fact]
    public async Task AReceiverThatHangs_DoesNotDelayAnother()
    {
        var held = new TaskCompletionSource();
        await using var hanging = await WebhookReceiver.StartAsync();
        hanging.Answer = (_, _) => new WebhookAnswer(200, Hold: held.Task);
        await using var healthy = await WebhookReceiver.StartAsync();
        // The hanging receiver's timeout (4 minutes) outlasts the wait below: a dispatcher that served receivers one
        // after another would hold the healthy one's notice until the test gives up.
        var settings = Settings(hanging.Url, timeout: "00:04:00");
        settings["CostWatch:Notifications:Receivers:backup:Type"] = "Webhook";
        settings["CostWatch:Notifications:Receivers:backup:Url"] = healthy.Url;
        settings["CostWatch:Notifications:Routes:0:Receivers:0"] = "ops-hook";
        settings["CostWatch:Notifications:Routes:0:Receivers:1"] = "backup";
        try
        {
            await using var worker = await WorkerHost.StartAsync(settings: settings);
            var now = DateTime.UtcNow;
            await Outbox.WriteAsync(worker.Store, now, Outbox.Firing("TraceLoss", "researcher", now));
            await Eventually.GetAsync(() => Task.FromResult(hanging.Requests.Count), n => n == 1, "the request the hanging receiver holds");

            var delivered = await Eventually.GetAsync(() => Task.FromResult(healthy.Requests.Count), n => n == 1,
                "the healthy receiver's notice while the other receiver still holds its request", timeoutSeconds: 60);

            Assert.Equal(1, delivered);
            Assert.False(held.Task.IsCompleted);
            // Recorded delivered a moment after the receiver has it; the held one stays pending.
            var states = await Eventually.GetAsync(
                async () => (await worker.QueryAsync("SELECT receiver, state FROM notification_deliveries ORDER BY receiver"))
                    .Select(r => ((string)r[0], Convert.ToInt64(r[1]))).ToList(),
                rows => rows.Count == 2 && rows[0].Item2 == 1, "the healthy receiver's notice recorded delivered");
            Assert.Equal([("backup", 1L), ("ops-hook", 0L)], states);
        }
        finally
        {
            held.TrySetResult();
        }
    }

    [Fact]
    public async Task WorkerKilledWhileAReceiverHoldsItsRequest_TheRestartedWorkerDeliversTheSameNotice()
    {
        var directory = Directory.CreateTempSubdirectory("costwatch-notify-crash-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "costwatch.db")}";
        var held = new TaskCompletionSource();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, before) => before == 0 ? new WebhookAnswer(200, Hold: held.Task) : WebhookAnswer.Ok;
        var settings = Settings(receiver.Url, timeout: "00:00:02");
        try
        {
            using (var doomed = WorkerProcess.Start(connectionString, "Sqlite", settings.Select(s => $"--{s.Key}={s.Value}").ToArray()))
            {
                await doomed.WaitUntilReadyAsync();
                var store = TelemetryStoreFactory.Create(StorageProvider.Sqlite, connectionString);
                await Outbox.WriteAsync(store, DateTime.UtcNow, Outbox.Firing("TraceLoss", "researcher", DateTime.UtcNow));
                await Eventually.GetAsync(() => Task.FromResult(receiver.Requests.Count), n => n == 1, "the request the receiver holds");
                doomed.Kill();
            }

            await using var restarted = await WorkerHost.StartAsync(connectionString: connectionString, settings: settings);
            var delivered = await Eventually.GetAsync(
                () => restarted.QueryAsync("SELECT state, attempts, delivery_id FROM notification_deliveries"),
                rows => rows.Count == 1 && Convert.ToInt64(rows[0][0]) == 1, "the notice delivered by the restarted worker");

            Assert.Equal(2, receiver.Requests.Count);
            Assert.Equal([(string)delivered[0][2], (string)delivered[0][2]], receiver.Requests.Select(r => r.IdempotencyKey));
            Assert.Equal(receiver.Requests[0].Json.GetProperty("alerts").GetRawText(), receiver.Requests[1].Json.GetProperty("alerts").GetRawText());
            Assert.Empty(await restarted.QueryAsync("SELECT id FROM alert_events WHERE dispatched_at IS NULL"));
        }
        finally
        {
            held.TrySetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(string url, string timeout = "00:00:10") => new()
    {
        ["CostWatch:Rollups:Interval"] = "00:00:01",
        ["CostWatch:Notifications:ExternalUrl"] = "http://costwatch.example:4318",
        ["CostWatch:Notifications:GroupWait"] = "00:00:00",
        ["CostWatch:Notifications:GroupInterval"] = "00:00:01",
        ["CostWatch:Notifications:Receivers:ops-hook:Type"] = "Webhook",
        ["CostWatch:Notifications:Receivers:ops-hook:Url"] = url,
        ["CostWatch:Notifications:Receivers:ops-hook:Secret"] = Secret,
        ["CostWatch:Notifications:Receivers:ops-hook:Timeout"] = timeout,
    };

    private static Notices TraceLoss(WebhookReceiver receiver) => new(receiver.Requests
        .Where(r => r.Json.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("rule").GetString() == "TraceLoss")));

    /// <summary>The notices so far, shown as <see cref="Describe"/> says when a wait gives up.</summary>
    private sealed class Notices(IEnumerable<ReceivedWebhook> requests) : List<ReceivedWebhook>(requests)
    {
        public override string ToString() => "[" + string.Join("; ", this.Select(Describe)) + "]";
    }

    private static string Describe(ReceivedWebhook request)
    {
        var body = request.Json;
        return $"{body.GetProperty("status").GetString()} {body.GetProperty("reason").GetString()} " +
               string.Join(" ", body.GetProperty("alerts").EnumerateArray()
                   .Select(a => $"{a.GetProperty("labels").GetProperty("agent").GetString()}:{a.GetProperty("change").GetString()}"));
    }
}

using System.Globalization;
using System.Text.Json;
using CostWatch.Core.Notifications;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Notifications;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// Webhook delivery over real HTTP to a Kestrel receiver inside the test, through the dispatcher on a real store and a
/// fake clock: each body format as a receiver parses it, the signature verified as a receiver would, receivers that
/// are down, throttle, refuse or hang, and the failing alert a dead letter raises.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "s3cret-for-tests";

    [Fact]
    public async Task EachFormat_ArrivesOverHttp_WithItsHeaders_AndTheSignatureVerifiesAsAReceiverWouldCheckIt()
    {
        await using var costwatch = await WebhookReceiver.StartAsync();
        await using var alertmanager = await WebhookReceiver.StartAsync();
        await using var slack = await WebhookReceiver.StartAsync();
        await using var rig = await DispatcherRig.StartAsync(Options(
            ("cw", new ReceiverOptions { Type = "Webhook", Url = costwatch.Url, Secret = Secret }),
            ("am", new ReceiverOptions { Type = "Webhook", Url = alertmanager.Url, Format = "Alertmanager" }),
            ("slack", new ReceiverOptions { Type = "Webhook", Url = slack.Url, Format = "Slack" })));
        var firing = Outbox.Firing("TraceLoss", "researcher", rig.Now);

        await Outbox.WriteAsync(rig.Store, rig.Now, firing);
        await rig.RunAsync();

        var request = Assert.Single(costwatch.Requests);
        Assert.Equal(("/hook", "?token=query-secret", "application/json; charset=utf-8"), (request.Path, request.Query, request.Header("Content-Type")));
        Assert.Equal(rig.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("X-CostWatch-Timestamp"));
        Assert.True(WebhookVerifier.Verify(request, Secret, rig.Clock.GetUtcNow()));
        Assert.False(WebhookVerifier.Verify(request, "another secret", rig.Clock.GetUtcNow()));
        var body = request.Json;
        Assert.Equal(("1", request.IdempotencyKey, "{rule=\"TraceLoss\"}", "firing", "cw", "first notification"),
            (Text(body, "version"), Text(body, "deliveryId"), Text(body, "groupKey"), Text(body, "status"), Text(body, "receiver"), Text(body, "reason")));
        Assert.Equal("http://costwatch.example:4318", Text(body, "externalUrl"));
        Assert.Equal("{\"rule\":\"TraceLoss\"}", body.GetProperty("groupLabels").GetRawText());
        Assert.Equal("{\"agent\":\"researcher\",\"alertname\":\"TraceLoss\",\"severity\":\"critical\"}", body.GetProperty("commonLabels").GetRawText());
        var alert = Assert.Single(body.GetProperty("alerts").EnumerateArray().ToList());
        Assert.Equal((firing.Fingerprint, "firing", "new", "TraceLoss", "critical", "researcher is silent"),
            (Text(alert, "fingerprint"), Text(alert, "status"), Text(alert, "change"), Text(alert, "rule"), Text(alert, "severity"),
                alert.GetProperty("annotations").GetProperty("summary").GetString()));
        Assert.Equal((412.5m, 300m), (alert.GetProperty("value").GetDecimal(), alert.GetProperty("threshold").GetDecimal()));
        Assert.Equal(("2026-11-24T12:00:00Z", JsonValueKind.Null), (Text(alert, "startsAt"), alert.GetProperty("endsAt").ValueKind));
        Assert.Equal($"http://costwatch.example:4318/api/v1/alerts?fingerprint={firing.Fingerprint}", Text(alert, "generatorUrl"));

        var am = Assert.Single(alertmanager.Requests);
        Assert.Equal("", am.Header("X-CostWatch-Signature"));
        Assert.Equal("am", Text(am.Json, "receiver"));
        Assert.Matches("^[0-9a-f-]{36}$", am.IdempotencyKey);
        Assert.Equal(("4", "firing", 0, "http://costwatch.example:4318"),
            (Text(am.Json, "version"), Text(am.Json, "status"), am.Json.GetProperty("truncatedAlerts").GetInt32(), Text(am.Json, "externalURL")));
        var amAlert = am.Json.GetProperty("alerts")[0];
        Assert.Equal(("TraceLoss", "0001-01-01T00:00:00Z", firing.Fingerprint),
            (amAlert.GetProperty("labels").GetProperty("alertname").GetString(), Text(amAlert, "endsAt"), Text(amAlert, "fingerprint")));
        Assert.EndsWith($"?fingerprint={firing.Fingerprint}", Text(amAlert, "generatorURL"));

        var message = Assert.Single(slack.Requests).Json;
        Assert.Equal("[FIRING:1] TraceLoss", Text(message, "text"));
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", Text(blocks[0], "type"));
        Assert.Contains(blocks, b => b.GetProperty("text").GetProperty("text").GetString()!.Contains("researcher is silent", StringComparison.Ordinal));

        // Resolved a minute later (the group interval): every format says so, with when it ended.
        rig.At(TimeSpan.FromMinutes(1));
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Resolved(firing, rig.Now));
        await rig.RunAsync();

        var resolved = costwatch.Requests[1].Json;
        Assert.Equal(("resolved", "all alerts resolved"), (Text(resolved, "status"), Text(resolved, "reason")));
        Assert.Equal(("resolved", "resolved", "2026-11-24T12:01:00Z"), (Text(resolved.GetProperty("alerts")[0], "status"),
            Text(resolved.GetProperty("alerts")[0], "change"), Text(resolved.GetProperty("alerts")[0], "endsAt")));
        Assert.NotEqual(request.IdempotencyKey, costwatch.Requests[1].IdempotencyKey);
        Assert.Equal("2026-11-24T12:01:00Z", Text(alertmanager.Requests[1].Json.GetProperty("alerts")[0], "endsAt"));
        Assert.Equal("[RESOLVED] TraceLoss", Text(slack.Requests[1].Json, "text"));
    }

    [Fact]
    public async Task AReceiverDownForAWhile_GetsTheNoticeOnce_WithTheSameIdempotencyKeyOnEveryAttempt()
    {
        var port = TestSupport.FreePort.Next();
        var url = $"http://127.0.0.1:{port}/hook?token=query-secret";
        await using var rig = await DispatcherRig.StartAsync(Options(("hook", new ReceiverOptions { Type = "Webhook", Url = url })));
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Firing("TraceLoss", "researcher", rig.Now));

        // Nobody listens: retried after 1 s, then 2 s (RetryDelay 1 s doubling; the rig's jitter takes the full delay).
        await rig.RunAsync();
        var down = await DeliveryAsync(rig);
        Assert.Equal((0L, 1L), (down.State, down.Attempts));
        Assert.Contains("could not be reached", down.Error);
        Assert.DoesNotContain("query-secret", down.Error);
        Assert.Equal(rig.Now.AddSeconds(1), down.NextAttemptAt);
        rig.At(TimeSpan.FromSeconds(1));
        await rig.DeliverAsync();
        Assert.Equal(rig.Now.AddSeconds(2), (await DeliveryAsync(rig)).NextAttemptAt);

        // Back, but failing once with 503, then well.
        await using var receiver = await WebhookReceiver.StartAsync(port);
        receiver.Answer = (_, before) => before == 0 ? new WebhookAnswer(503) : WebhookAnswer.Ok;
        rig.At(TimeSpan.FromSeconds(3));
        await rig.DeliverAsync();
        rig.At(TimeSpan.FromSeconds(5));
        await rig.DeliverAsync();
        Assert.Single(receiver.Requests);
        rig.At(TimeSpan.FromSeconds(7));
        await rig.DeliverAsync();
        rig.At(TimeSpan.FromMinutes(10));
        await rig.RunAsync();

        var delivered = await DeliveryAsync(rig);
        Assert.Equal((1L, 4L), (delivered.State, delivered.Attempts));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal([delivered.DeliveryId, delivered.DeliveryId], receiver.Requests.Select(r => r.IdempotencyKey));
        Assert.Equal(receiver.Requests[0].Text, receiver.Requests[1].Text);
    }

    [Fact]
    public async Task TooManyRequests_IsTriedAgainExactlyWhenRetryAfterSays()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, before) => before == 0 ? new WebhookAnswer(429, RetryAfter: "120") : WebhookAnswer.Ok;
        await using var rig = await DispatcherRig.StartAsync(Options(("hook", new ReceiverOptions { Type = "Webhook", Url = receiver.Url })));
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Firing("TraceLoss", "researcher", rig.Now));

        await rig.RunAsync();
        Assert.Equal(rig.Now.AddSeconds(120), (await DeliveryAsync(rig)).NextAttemptAt);
        rig.At(TimeSpan.FromSeconds(119));
        await rig.RunAsync();
        Assert.Single(receiver.Requests);
        rig.At(TimeSpan.FromSeconds(120));
        await rig.RunAsync();

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal((1L, 2L), ((await DeliveryAsync(rig)).State, (await DeliveryAsync(rig)).Attempts));
    }

    [Theory]
    [StoreProviders]
    public async Task BadRequest_IsDeadAtOnce_RaisesTheFailingAlert_WhichGoesToTheOtherReceiverOnly_AndResolvesOnItsNextDelivery(StorageProvider provider)
    {
        await using var broken = await WebhookReceiver.StartAsync();
        broken.Answer = (_, _) => new WebhookAnswer(400, Body: "{\"error\":\"unknown field\"}");
        await using var backup = await WebhookReceiver.StartAsync();
        await using var rig = await DispatcherRig.StartAsync(Options(
            ("broken", new ReceiverOptions { Type = "Webhook", Url = broken.Url }),
            ("backup", new ReceiverOptions { Type = "Webhook", Url = backup.Url })), provider: provider);
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Firing("TraceLoss", "researcher", rig.Now));

        await rig.RunAsync();
        var dead = (await rig.QueryAsync("SELECT state, attempts, last_error FROM notification_deliveries WHERE receiver = 'broken'")).Single();
        Assert.Equal((2L, 1L), (Convert.ToInt64(dead[0]), Convert.ToInt64(dead[1])));
        Assert.Contains("answered 400 Bad Request: {\"error\":\"unknown field\"}", (string)dead[2]);
        Assert.Single(broken.Requests);

        // The failing alert is in the outbox; the next pass routes it to the backup receiver, not to the broken one.
        await rig.RunAsync();
        Assert.Single(broken.Requests);
        var meta = backup.Requests[^1].Json;
        var metaAlert = meta.GetProperty("alerts")[0];
        Assert.Equal((NotificationFailingAlert.Rule, "broken", "critical"), (Text(metaAlert, "rule"),
            metaAlert.GetProperty("labels").GetProperty("receiver").GetString(), Text(metaAlert, "severity")));
        Assert.Contains("answered 400", metaAlert.GetProperty("annotations").GetProperty("description").GetString());

        // The broken receiver is fixed; its next notice is delivered and the failing alert resolves, again to the backup only.
        broken.Answer = (_, _) => WebhookAnswer.Ok;
        rig.At(TimeSpan.FromMinutes(1));
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Firing("TraceLoss", "writer", rig.Now));
        await rig.RunAsync();
        await rig.RunAsync();

        Assert.Equal(2, broken.Requests.Count);
        Assert.DoesNotContain(broken.Requests, r => r.Text.Contains(NotificationFailingAlert.Rule, StringComparison.Ordinal));
        var resolved = backup.Requests[^1].Json;
        Assert.Equal(("resolved", NotificationFailingAlert.Rule), (Text(resolved, "status"), Text(resolved.GetProperty("alerts")[0], "rule")));
        var state = (await rig.QueryAsync($"SELECT state, reason FROM alert_instances WHERE rule = '{NotificationFailingAlert.Rule}'")).Single();
        Assert.Equal((3L, "receiver delivered"), (Convert.ToInt64(state[0]), (string)state[1]));
    }

    [Fact]
    public async Task AReceiverThatDoesNotAnswerWithinItsTimeout_IsRetried()
    {
        var release = new TaskCompletionSource();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, before) => before == 0 ? new WebhookAnswer(200, Hold: release.Task) : WebhookAnswer.Ok;
        await using var rig = await DispatcherRig.StartAsync(Options(("hook", new ReceiverOptions
        {
            Type = "Webhook",
            Url = receiver.Url,
            Timeout = TimeSpan.FromSeconds(10),
        })));
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Firing("TraceLoss", "researcher", rig.Now));
        await rig.Dispatcher.DispatchAsync(default);

        var sending = rig.DeliverAsync();
        await Hosting.Eventually.GetAsync(() => Task.FromResult(receiver.Requests.Count), n => n == 1, "the first request");
        rig.Clock.Advance(TimeSpan.FromSeconds(10));
        await sending;
        release.SetResult();

        var retried = await DeliveryAsync(rig);
        Assert.Equal((0L, 1L), (retried.State, retried.Attempts));
        Assert.Contains("did not answer within 00:00:10", retried.Error);
        rig.At(TimeSpan.FromMinutes(1));
        await rig.DeliverAsync();
        Assert.Equal(1L, (await DeliveryAsync(rig)).State);
    }

    [Fact]
    public async Task ANoticeUndeliveredByItsDeadline_IsDead()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => new WebhookAnswer(500);
        var options = Options(("hook", new ReceiverOptions { Type = "Webhook", Url = receiver.Url }));
        options.DeliveryDeadline = TimeSpan.FromSeconds(5);
        await using var rig = await DispatcherRig.StartAsync(options);
        await Outbox.WriteAsync(rig.Store, rig.Now, Outbox.Firing("TraceLoss", "researcher", rig.Now));

        await rig.RunAsync();
        foreach (var second in new[] { 1, 3, 5 })
        {
            rig.At(TimeSpan.FromSeconds(second));
            await rig.DeliverAsync();
        }

        var dead = await DeliveryAsync(rig);
        Assert.Equal((2L, 4L), (dead.State, dead.Attempts));
        Assert.Contains("deadline", dead.Error);
        Assert.Equal(4, receiver.Requests.Count);
    }

    [Theory]
    [StoreProviders]
    public async Task TwoReplicasDeliveringAtOnce_SendEveryNoticeExactlyOnce(StorageProvider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Grouped by every label: one group, so one notice, per alert.
        var options = Options(("hook", new ReceiverOptions { Type = "Webhook", Url = receiver.Url }));
        options.GroupBy = ["..."];
        await using var rig = await DispatcherRig.StartAsync(options, provider: provider);
        var events = Enumerable.Range(0, 60).Select(i => Outbox.Firing("TraceLoss", $"agent-{i:00}", rig.Now)).ToArray();
        await Outbox.WriteAsync(rig.Store, rig.Now, events);
        var replicas = new[] { rig.Dispatcher, rig.NewReplica() };

        // Both take the outbox and deliver at the same moment, again and again, until nothing is left.
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(replicas.Select(r => r.DispatchAsync(default)));
            await Task.WhenAll(replicas.Select(async r =>
            {
                while (await r.DeliverDueAsync("hook", default) > 0)
                {
                }
            }));
        }

        var keys = receiver.Requests.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var notified = receiver.Requests.SelectMany(r => r.Json.GetProperty("alerts").EnumerateArray())
            .Select(a => a.GetProperty("labels").GetProperty("agent").GetString()!).Order().ToList();
        Assert.Equal(events.Select(e => e.Labels["agent"]).Order().ToList(), notified);
        Assert.Empty(await rig.QueryAsync("SELECT id FROM notification_deliveries WHERE state <> 1"));
    }

    private static NotificationOptions Options(params (string Name, ReceiverOptions Receiver)[] receivers) => new()
    {
        ExternalUrl = "http://costwatch.example:4318",
        GroupWait = TimeSpan.Zero,
        GroupInterval = TimeSpan.FromMinutes(1),
        RepeatInterval = TimeSpan.FromHours(4),
        RetryDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromMinutes(1),
        Receivers = receivers.ToDictionary(r => r.Name, r => r.Receiver),
    };

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    private static async Task<(long State, long Attempts, string? Error, DateTime NextAttemptAt, string DeliveryId)> DeliveryAsync(DispatcherRig rig)
    {
        var row = (await rig.QueryAsync("SELECT state, attempts, last_error, next_attempt_at, delivery_id FROM notification_deliveries")).Single();
        return (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]), row[2] as string,
            DateTime.UnixEpoch.AddTicks(Convert.ToInt64(row[3]) * 10), (string)row[4]);
    }
}

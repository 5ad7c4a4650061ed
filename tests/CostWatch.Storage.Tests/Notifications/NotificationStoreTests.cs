using System.Globalization;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Notifications;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Notifications;
using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.Notifications;

/// <summary>
/// The dispatcher's storage on both stores: outbox events taken in id order and stamped in the same transaction,
/// groups flushed into queued notices, leases that keep two replicas from sending one notice, a group's notices in
/// order, and the built-in failing alert written with its outbox event.
/// </summary>
public sealed class NotificationStoreTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private static readonly NoticeTimings Timings = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

    [Theory]
    [StoreProviders]
    public async Task TakeOutbox_AdmitsEveryEventInIdOrder_AndStampsItDispatched(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        await InsertEventAsync(test, "researcher", "firing", Now);
        await InsertEventAsync(test, "writer", "firing", Now.AddSeconds(1));
        await InsertEventAsync(test, "researcher", "resolved", Now.AddSeconds(2));
        var store = (INotificationStore)test.Store;
        var seen = new List<string>();

        var taken = await store.TakeOutboxAsync(Now.AddSeconds(3), 2, change =>
        {
            seen.Add($"{change.Status}:{change.Labels["agent"]}");
            return [Target("hook")];
        }, Timings, default);
        var rest = await store.TakeOutboxAsync(Now.AddSeconds(4), 10, change =>
        {
            seen.Add($"{change.Status}:{change.Labels["agent"]}");
            return [Target("hook")];
        }, Timings, default);

        Assert.Equal((2, 1), (taken, rest));
        Assert.Equal(["firing:researcher", "firing:writer", "resolved:researcher"], seen);
        Assert.Empty(await test.QueryAsync("SELECT id FROM alert_events WHERE dispatched_at IS NULL"));
        Assert.Equal(0, await store.TakeOutboxAsync(Now.AddSeconds(5), 10, _ => throw new InvalidOperationException("nothing is left"), Timings, default));
        var group = Assert.Single(await test.QueryAsync("SELECT group_key, next_flush_at, last_notice_at FROM notification_groups"));
        Assert.Equal(("{rule=\"TraceLoss\"}", UnixTime.Microseconds(Now.AddSeconds(30))), ((string)group[0], Convert.ToInt64(group[1], CultureInfo.InvariantCulture)));
        var alerts = await test.QueryAsync("SELECT fingerprint, status, value FROM notification_group_alerts ORDER BY fingerprint");
        Assert.Equal(["researcher:resolved:412.5", "writer:firing:412.5"],
            alerts.Select(a => $"{a[0]}:{a[1]}:{Convert.ToString(a[2], CultureInfo.InvariantCulture)}").ToList());
    }

    [Theory]
    [StoreProviders]
    public async Task FlushDueGroups_QueuesTheNotice_AndMovesTheGroupOn(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (INotificationStore)test.Store;
        await InsertEventAsync(test, "researcher", "firing", Now);
        await store.TakeOutboxAsync(Now, 10, _ => [Target("hook")], Timings, default);

        Assert.Empty((await store.FlushDueGroupsAsync(Now.AddSeconds(29), 10, (_, _) => throw new InvalidOperationException("not due"), default))!);
        var queued = await store.FlushDueGroupsAsync(Now.AddSeconds(30), 10, (group, alerts) =>
        {
            var plan = NoticePlanner.Flush(group, alerts, true, Timings, Now.AddSeconds(30));
            Assert.Equal(NoticeReasons.FirstNotification, plan.Notice!.Reason);
            return new GroupFlush(plan, Notice("n1", "hook", group.GroupKey, Now.AddSeconds(30)));
        }, default);

        Assert.Equal(["n1"], queued!.Select(n => n.DeliveryId));
        var group = Assert.Single(await test.QueryAsync("SELECT next_flush_at, last_notice_at, last_delivery_id FROM notification_groups"));
        Assert.Equal((UnixTime.Microseconds(Now.AddSeconds(30) + Timings.RepeatInterval), UnixTime.Microseconds(Now.AddSeconds(30)), "n1"),
            (Convert.ToInt64(group[0], CultureInfo.InvariantCulture), Convert.ToInt64(group[1], CultureInfo.InvariantCulture), (string)group[2]));
        Assert.True(Convert.ToBoolean(Assert.Single(await test.QueryAsync("SELECT notified_firing FROM notification_group_alerts"))[0], CultureInfo.InvariantCulture));
        var listed = Assert.Single(await store.ListNoticesAsync(new NoticeFilter(NoticeState.Pending, "hook", 10), default));
        Assert.Equal(("n1", NoticeReasons.FirstNotification, 0), (listed.DeliveryId, listed.Reason, listed.Attempts));
    }

    [Theory]
    [StoreProviders]
    public async Task Claim_ASecondReplicaGetsNothingWhileTheLeaseHolds_AndTheNoticeOnceItHasExpired(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var first = (INotificationStore)test.Store;
        var second = (INotificationStore)test.NewInstance();
        await first.EnqueueNoticeAsync(Notice("n1", "hook", "{}", Now), default);

        var held = await first.ClaimNoticesAsync("hook", Now, Now.AddSeconds(15), "replica-1", 10, null, default);
        var meanwhile = await second.ClaimNoticesAsync("hook", Now.AddSeconds(14), Now.AddSeconds(29), "replica-2", 10, null, default);
        var afterExpiry = await second.ClaimNoticesAsync("hook", Now.AddSeconds(15), Now.AddSeconds(30), "replica-2", 10, null, default);

        Assert.Equal(["n1"], held.Select(n => n.DeliveryId));
        Assert.Empty(meanwhile);
        Assert.Equal(["n1"], afterExpiry.Select(n => n.DeliveryId));
        // The first replica's lease has passed to the second: its late answer is not recorded.
        Assert.False(await first.RecordAttemptAsync(Attempt(held[0], "replica-1", NoticeState.Delivered), default));
        Assert.True(await second.RecordAttemptAsync(Attempt(afterExpiry[0], "replica-2", NoticeState.Delivered), default));
        Assert.Equal(NoticeState.Delivered, Assert.Single(await first.ListNoticesAsync(new NoticeFilter(null, null, 10), default)).State);
    }

    [Theory]
    [StoreProviders]
    public async Task Claim_ReplicasClaimingAtOnce_NeverHoldTheSameNotice(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var replicas = Enumerable.Range(0, 4).Select(_ => (INotificationStore)test.NewInstance()).ToList();
        for (var i = 0; i < 40; i++)
        {
            await replicas[0].EnqueueNoticeAsync(Notice($"n{i:00}", "hook", $"{{agent=\"a{i}\"}}", Now), default);
        }

        var claims = await Task.WhenAll(replicas.Select((replica, r) =>
            replica.ClaimNoticesAsync("hook", Now, Now.AddMinutes(1), $"replica-{r}", 16, null, default)));

        var claimed = claims.SelectMany(c => c.Select(n => n.DeliveryId)).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.True(claimed.Count >= 16, $"claimed {claimed.Count}");
    }

    [Theory]
    [StoreProviders]
    public async Task Claim_ALaterNoticeOfTheSameGroup_WaitsUntilTheEarlierIsFinished(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (INotificationStore)test.Store;
        await store.EnqueueNoticeAsync(Notice("firing", "hook", "{}", Now), default);
        await store.EnqueueNoticeAsync(Notice("resolved", "hook", "{}", Now.AddSeconds(1)), default);
        await store.EnqueueNoticeAsync(Notice("other-group", "hook", "{agent=\"x\"}", Now.AddSeconds(1)), default);

        var claimed = await store.ClaimNoticesAsync("hook", Now.AddSeconds(2), Now.AddSeconds(20), "r", 10, null, default);
        Assert.Equal(["firing", "other-group"], claimed.Select(n => n.DeliveryId));

        // The first is retried later: the second still waits behind it.
        await store.RecordAttemptAsync(Attempt(claimed[0], "r", NoticeState.Pending) with { NextAttemptAt = Now.AddSeconds(30) }, default);
        Assert.Empty(await store.ClaimNoticesAsync("hook", Now.AddSeconds(3), Now.AddSeconds(20), "r", 10, null, default));
        var again = await store.ClaimNoticesAsync("hook", Now.AddSeconds(30), Now.AddSeconds(50), "r", 10, null, default);
        // (The other group's lease has run out unrecorded, as when its sender died: it is due again too.)
        Assert.Equal([("firing", 1), ("other-group", 0)], again.Select(n => (n.DeliveryId, n.Attempts)));
        await store.RecordAttemptAsync(Attempt(again[0], "r", NoticeState.Delivered), default);
        Assert.Equal(["resolved"], (await store.ClaimNoticesAsync("hook", Now.AddSeconds(31), Now.AddSeconds(50), "r", 10, null, default))
            .Select(n => n.DeliveryId));
    }

    [Theory]
    [StoreProviders]
    public async Task ADeadNotice_RaisesTheFailingAlertWithItsEvent_AndADelivery_ResolvesIt(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (INotificationStore)test.Store;
        var labels = NotificationFailingAlert.LabelsFor("hook");
        await store.EnqueueNoticeAsync(Notice("n1", "hook", "{}", Now), default);
        await store.EnqueueNoticeAsync(Notice("n2", "hook", "{agent=\"x\"}", Now), default);
        var claimed = await store.ClaimNoticesAsync("hook", Now, Now.AddSeconds(15), "r", 10, null, default);

        await store.RecordAttemptAsync(Attempt(claimed[0], "r", NoticeState.Dead) with
        {
            Error = "HTTP 400",
            Failing = new NotificationFailingChange(labels, true, new Dictionary<string, string> { ["summary"] = "failing" }, []),
        }, default);

        Assert.True(await store.IsNotificationFailingAsync(labels.Fingerprint, default));
        var instance = Assert.Single(await test.QueryAsync("SELECT fingerprint, rule, state, notified, labels FROM alert_instances"));
        Assert.Equal((labels.Fingerprint, NotificationFailingAlert.Rule, 2L, true, labels.Json),
            ((string)instance[0], (string)instance[1], Convert.ToInt64(instance[2], CultureInfo.InvariantCulture),
                Convert.ToBoolean(instance[3], CultureInfo.InvariantCulture), (string)instance[4]));

        await store.RecordAttemptAsync(Attempt(claimed[1], "r", NoticeState.Delivered) with
        {
            Failing = new NotificationFailingChange(labels, false, new Dictionary<string, string>(), []),
        }, default);

        Assert.False(await store.IsNotificationFailingAsync(labels.Fingerprint, default));
        var events = await test.QueryAsync("SELECT status, rule, fingerprint, reason FROM alert_events ORDER BY id");
        Assert.Equal([$"firing:{NotificationFailingAlert.Rule}:{labels.Fingerprint}:", $"resolved:{NotificationFailingAlert.Rule}:{labels.Fingerprint}:receiver delivered"],
            events.Select(e => $"{e[0]}:{e[1]}:{e[2]}:{(e[3] is DBNull ? "" : e[3])}").ToList());
    }

    [Theory]
    [StoreProviders]
    public async Task ASilencedFailingAlert_IsRaisedWithoutAnEvent_LeftForTheEngineToNotify(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (INotificationStore)test.Store;
        await store.EnqueueNoticeAsync(Notice("n1", "hook", "{}", Now), default);
        var claimed = await store.ClaimNoticesAsync("hook", Now, Now.AddSeconds(15), "r", 10, null, default);

        await store.RecordAttemptAsync(Attempt(claimed[0], "r", NoticeState.Dead) with
        {
            Failing = new NotificationFailingChange(NotificationFailingAlert.LabelsFor("hook"), true, new Dictionary<string, string>(), ["silence-1"]),
        }, default);

        var instance = Assert.Single(await test.QueryAsync("SELECT state, notified, silenced_by FROM alert_instances"));
        Assert.Equal((2L, false, "[\"silence-1\"]"), (Convert.ToInt64(instance[0], CultureInfo.InvariantCulture),
            Convert.ToBoolean(instance[1], CultureInfo.InvariantCulture), (string)instance[2]));
        Assert.Empty(await test.QueryAsync("SELECT id FROM alert_events"));
    }

    [Theory]
    [StoreProviders]
    public async Task Prune_DeletesFinishedNoticesAndDispatchedEvents_PastTheCutoff_AndKeepsPendingOnes(StorageProvider provider)
    {
        await using var test = await TestStore.CreateAsync(provider);
        var store = (INotificationStore)test.Store;
        await InsertEventAsync(test, "researcher", "firing", Now);
        await store.TakeOutboxAsync(Now, 10, _ => [], Timings, default);
        await store.EnqueueNoticeAsync(Notice("done", "hook", "{}", Now), default);
        await store.EnqueueNoticeAsync(Notice("waiting", "hook", "{agent=\"x\"}", Now), default);
        var claimed = await store.ClaimNoticesAsync("hook", Now, Now.AddSeconds(15), "r", 1, "done", default);
        await store.RecordAttemptAsync(Attempt(claimed[0], "r", NoticeState.Delivered), default);

        Assert.Equal(0, await store.PruneNotificationsAsync(Now, default));
        Assert.Equal(2, await store.PruneNotificationsAsync(Now.AddSeconds(1), default));
        Assert.Equal(["waiting"], (await store.ListNoticesAsync(new NoticeFilter(null, null, 10), default)).Select(n => n.DeliveryId));
        Assert.Equal(1, await store.CountPendingNoticesAsync(default));
    }

    private static GroupTarget Target(string receiver) =>
        new(receiver, "{rule=\"TraceLoss\"}", new Dictionary<string, string> { ["rule"] = "TraceLoss" });

    private static NewNotice Notice(string id, string receiver, string group, DateTime at) =>
        new(id, receiver, group, NoticeStatus.Firing, NoticeReasons.FirstNotification, 1, "{}", at, at, at.AddHours(1));

    private static DeliveryAttempt Attempt(ClaimedNotice notice, string owner, NoticeState state) =>
        new(notice.Id, owner, Now, notice.Attempts + 1, state, null, null, null);

    /// <summary>An outbox row as the alert engine writes it; the fingerprint is the agent, for readable assertions.</summary>
    private static Task InsertEventAsync(TestStore test, string agent, string status, DateTime at)
    {
        var labels = AlertLabels.For("TraceLoss", "critical", [new("agent", agent)]);
        return test.ExecuteAsync(
            "INSERT INTO alert_events (created_at, fingerprint, rule, severity, status, labels, annotations, value, threshold, starts_at, ends_at) " +
            $"VALUES ({UnixTime.Microseconds(at)}, '{agent}', 'TraceLoss', 'critical', '{status}', '{labels.Json}', '{{}}', '412.5', '300', " +
            $"{UnixTime.Microseconds(Now)}, {(status == AlertEvent.Resolved ? UnixTime.Microseconds(at).ToString(CultureInfo.InvariantCulture) : "NULL")})");
    }
}

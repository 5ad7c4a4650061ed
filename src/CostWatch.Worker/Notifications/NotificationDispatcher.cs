using System.Text.Json;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Notifications;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Notifications;
using CostWatch.Worker.Observability;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// Moves alerts from the outbox to receivers. <see cref="DispatchAsync"/> takes outbox events into the receivers'
/// groups and queues the notices of the groups that are due; <see cref="DeliverDueAsync"/> leases a receiver's due
/// notices and sends them, recording each attempt: delivered, retried with backoff, or dead (which raises
/// <c>CostWatchNotificationFailing</c> for the receiver). Every step is a transaction, so a crash at any moment loses
/// nothing; a notice leased by a process that died is sent again, with the same delivery id, once its lease ends.
/// </summary>
internal sealed class NotificationDispatcher(
    INotificationStore store,
    ISilenceStore silences,
    NotificationReceivers receivers,
    NotificationMetrics metrics,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    /// <summary>Outbox events per transaction.</summary>
    public const int OutboxBatch = 500;

    /// <summary>Due groups looked at per transaction.</summary>
    public const int FlushBatch = 500;

    /// <summary>Notices of one receiver leased and sent at once (at most one per group, so a group's order holds).</summary>
    public const int DeliveryBatch = 16;

    /// <summary>A lease outlasts an attempt (bounded by the receiver's timeout) by this much.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    /// <summary>Identifies this process's leases.</summary>
    public string LeaseOwner { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The jitter of retry delays, a number in [0, 1); tests may fix it.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>
    /// Takes every undispatched outbox event into the groups and queues the notices of the groups due now. Returns the
    /// receivers with new notices (empty when another replica holds the dispatch lock).
    /// </summary>
    public async Task<IReadOnlySet<string>> DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        int? taken;
        do
        {
            taken = await store.TakeOutboxAsync(now, OutboxBatch, Route, receivers.Timings, cancellationToken);
        }
        while (taken == OutboxBatch);

        var queued = taken is null ? null : await store.FlushDueGroupsAsync(now, FlushBatch, (group, alerts) => Flush(group, alerts, now), cancellationToken);
        var woken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notice in queued ?? [])
        {
            Log.NoticeQueued(logger, notice.DeliveryId, notice.Receiver, notice.GroupKey, notice.Reason);
            woken.Add(notice.Receiver);
        }

        return woken;
    }

    /// <summary>Leases and sends <paramref name="receiver"/>'s due notices; returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(string receiver, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(receiver, null, DeliveryBatch, cancellationToken);
        await Task.WhenAll(claimed.Select(notice => AttemptAsync(notice, cancellationToken)));
        return claimed.Count;
    }

    /// <summary>Queues a test notice to <paramref name="receiver"/> and makes its first attempt now.</summary>
    public async Task<NoticeAttempt> SendTestAsync(string receiver, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var deliveryId = NewDeliveryId(now);
        var notice = NoticeFactory.Test(deliveryId, receiver, receivers.ExternalUrl, now) with { GroupKey = $"test:{deliveryId}" };
        await store.EnqueueNoticeAsync(ToQueue(notice, null, now), cancellationToken);
        var claimed = await ClaimAsync(receiver, deliveryId, 1, cancellationToken);
        var attempt = claimed.Count == 0
            ? new NoticeAttempt(deliveryId, receiver, NoticeState.Pending, 0, now, null)
            : await AttemptAsync(claimed[0], cancellationToken);
        Log.TestNotice(logger, deliveryId, receiver, attempt.State.ToString());
        return attempt;
    }

    public async Task RefreshQueueDepthAsync(CancellationToken cancellationToken) =>
        metrics.QueueDepth(await store.CountPendingNoticesAsync(cancellationToken));

    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var pruned = await store.PruneNotificationsAsync(time.GetUtcNow().UtcDateTime - receivers.Retention, cancellationToken);
        if (pruned > 0)
        {
            Log.NotificationsPruned(logger, pruned);
        }
    }

    private Task<IReadOnlyList<ClaimedNotice>> ClaimAsync(string receiver, string? deliveryId, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var timeout = receivers.Find(receiver)?.Options.Timeout ?? TimeSpan.Zero;
        return store.ClaimNoticesAsync(receiver, now, now + timeout + LeaseMargin, LeaseOwner, limit, deliveryId, cancellationToken);
    }

    private IReadOnlyList<GroupTarget> Route(AlertEvent change)
    {
        var (key, labels) = receivers.Grouping.GroupOf(change.Labels);
        return receivers.Router.ReceiversFor(change.Labels)
            .Where(name => receivers.Find(name) is not null)
            .Select(name => new GroupTarget(name, key, labels))
            .ToList();
    }

    private GroupFlush Flush(NotificationGroup group, IReadOnlyList<GroupedAlert> alerts, DateTime now)
    {
        if (receivers.Find(group.Receiver) is not { } receiver)
        {
            // The receiver left the configuration: its groups go quietly.
            return new GroupFlush(new FlushPlan(null, alerts.Select(a => a.Fingerprint).ToList(), [], true, null), null);
        }

        var plan = NoticePlanner.Flush(group, alerts, receiver.SendsResolved, receivers.Timings, now);
        if (plan.Notice is not { } planned)
        {
            return new GroupFlush(plan, null);
        }

        var notice = NoticeFactory.Create(NewDeliveryId(now), group, planned, receivers.ExternalUrl, now);
        return new GroupFlush(plan, ToQueue(notice, NoticeFactory.EarliestChange(planned), now));
    }

    private NewNotice ToQueue(Notice notice, DateTime? changedAt, DateTime now) => new(notice.DeliveryId, notice.Receiver,
        notice.GroupKey, notice.Status, notice.Reason, notice.Alerts.Count, NoticeJson.Write(notice), now, changedAt,
        now + receivers.DeliveryDeadline);

    private async Task<NoticeAttempt> AttemptAsync(ClaimedNotice claimed, CancellationToken cancellationToken)
    {
        var attempts = claimed.Attempts + 1;
        var outcome = await SendAsync(claimed, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var isTest = string.Equals(claimed.Reason, NoticeReasons.Test, StringComparison.Ordinal);
        var failingLabels = NotificationFailingAlert.LabelsFor(claimed.Receiver);
        DeliveryAttempt record;
        switch (outcome)
        {
            case DeliveryOutcome.Delivered:
                // Any delivery, a test one too, shows the receiver works again.
                record = new DeliveryAttempt(claimed.Id, LeaseOwner, now, attempts, NoticeState.Delivered, null, null,
                    new NotificationFailingChange(failingLabels, false, new Dictionary<string, string>(), []));
                break;
            case DeliveryOutcome.Retry retry when receivers.Schedule.NextAttempt(attempts, retry.After, now, claimed.DeadlineAt, Jitter()) is { } next:
                record = new DeliveryAttempt(claimed.Id, LeaseOwner, now, attempts, NoticeState.Pending, next, retry.Error, null);
                break;
            case DeliveryOutcome.Retry retry:
                record = await DeadAsync(claimed, attempts, now, PastDeadline(retry, claimed.DeadlineAt), isTest, cancellationToken);
                break;
            case DeliveryOutcome.Dead dead:
                record = await DeadAsync(claimed, attempts, now, dead.Error, isTest, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown delivery outcome {outcome}.");
        }

        if (!await store.RecordAttemptAsync(record, CancellationToken.None))
        {
            Log.NoticeLeaseLost(logger, claimed.DeliveryId, claimed.Receiver);
            return new NoticeAttempt(claimed.DeliveryId, claimed.Receiver, NoticeState.Pending, attempts, null, record.Error);
        }

        Observe(claimed, record, now);
        return new NoticeAttempt(claimed.DeliveryId, claimed.Receiver, record.State, attempts, record.NextAttemptAt, record.Error);
    }

    private void Observe(ClaimedNotice claimed, DeliveryAttempt record, DateTime now)
    {
        switch (record.State)
        {
            case NoticeState.Delivered:
                metrics.Count(claimed.Receiver, NotificationMetrics.Delivered);
                if (claimed.ChangedAt is { } changedAt)
                {
                    metrics.DeliveredAfter(now - changedAt);
                }

                Log.NoticeDelivered(logger, claimed.DeliveryId, claimed.Receiver, record.Attempts);
                break;
            case NoticeState.Pending:
                metrics.Count(claimed.Receiver, NotificationMetrics.Retried);
                Log.NoticeRetry(logger, claimed.DeliveryId, claimed.Receiver, record.Attempts, record.NextAttemptAt!.Value, record.Error ?? "");
                break;
            default:
                metrics.Count(claimed.Receiver, NotificationMetrics.Dead);
                Log.NoticeDead(logger, claimed.DeliveryId, claimed.Receiver, record.Attempts, record.Error ?? "");
                break;
        }
    }

    private async Task<DeliveryAttempt> DeadAsync(ClaimedNotice claimed, int attempts, DateTime now, string error, bool isTest,
        CancellationToken cancellationToken)
    {
        NotificationFailingChange? failing = null;
        // A test notice that fails says so in its answer; it pages nobody. Nor does a receiver that left the configuration.
        if (!isTest && receivers.Find(claimed.Receiver) is not null)
        {
            var labels = NotificationFailingAlert.LabelsFor(claimed.Receiver);
            var active = await silences.ListActiveAsync(now, cancellationToken);
            failing = new NotificationFailingChange(labels, true, new Dictionary<string, string>
            {
                ["summary"] = $"Notifications to receiver {claimed.Receiver} are failing",
                ["description"] = $"Notice {claimed.DeliveryId} was given up after {attempts} attempt(s): {error}",
            }, active.Where(s => s.Matches(labels)).Select(s => s.Id.ToString("D")).ToList());
        }

        return new DeliveryAttempt(claimed.Id, LeaseOwner, now, attempts, NoticeState.Dead, null, error, failing);
    }

    private async Task<DeliveryOutcome> SendAsync(ClaimedNotice claimed, CancellationToken cancellationToken)
    {
        if (receivers.Find(claimed.Receiver) is not { } receiver)
        {
            return new DeliveryOutcome.Dead($"receiver '{claimed.Receiver}' is no longer configured");
        }

        Notice notice;
        try
        {
            notice = NoticeJson.Read(claimed.NoticeJson);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return new DeliveryOutcome.Dead($"the stored notice cannot be read: {e.Message}");
        }

        // The sender bounds its attempt by the receiver's timeout; this bounds a sender that does not.
        using var bound = new CancellationTokenSource(receiver.Options.Timeout + LeaseMargin, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            return await receiver.Sender.SendAsync(notice, receiver.Name, receiver.Options, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: whether the receiver got it is unknown, so it is sent again (same delivery id) at once.
            await store.ReleaseLeaseAsync(claimed.Id, LeaseOwner, CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException)
        {
            return new DeliveryOutcome.Retry($"no answer within {receiver.Options.Timeout}", null);
        }
        catch (Exception e)
        {
            Log.SenderThrew(logger, receiver.Name, claimed.DeliveryId, e);
            return new DeliveryOutcome.Retry($"{e.GetType().Name}: {e.Message}", null);
        }
    }

    private static string PastDeadline(DeliveryOutcome.Retry retry, DateTime deadline) =>
        retry.After is { } after
            ? $"{retry.Error} (the receiver asked to wait {after}, past the delivery deadline {deadline:o})"
            : $"{retry.Error} (the delivery deadline {deadline:o} has passed)";

    private static string NewDeliveryId(DateTime now) => Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)).ToString("D");
}

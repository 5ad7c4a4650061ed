using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Notifications;

namespace CostWatch.Storage.Notifications;

/// <summary>
/// The notification dispatcher's storage: receivers' groups filled from the <c>alert_events</c> outbox, and the durable
/// queue of notices. Taking events and looking at due groups run under the dispatch lock (one replica at a time);
/// sending runs on leases, so two replicas never send the same notice at once. Every method completes or throws.
/// </summary>
public interface INotificationStore
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> undispatched outbox events in id order, admits each into the groups
    /// <paramref name="route"/> names (<see cref="NoticePlanner.Admit"/>) and stamps it dispatched, in one transaction.
    /// Returns how many it took, or null when another replica holds the dispatch lock.
    /// </summary>
    Task<int?> TakeOutboxAsync(DateTime now, int limit, Func<AlertEvent, IReadOnlyList<GroupTarget>> route, NoticeTimings timings,
        CancellationToken cancellationToken);

    /// <summary>
    /// Looks at up to <paramref name="limit"/> groups due at <paramref name="now"/>: <paramref name="flush"/> decides
    /// each, and its notice, alerts and timers are written in one transaction. Returns the notices queued, or null when
    /// another replica holds the dispatch lock.
    /// </summary>
    Task<IReadOnlyList<NewNotice>?> FlushDueGroupsAsync(DateTime now, int limit,
        Func<NotificationGroup, IReadOnlyList<GroupedAlert>, GroupFlush> flush, CancellationToken cancellationToken);

    /// <summary>Queues a notice that belongs to no group (a test notice).</summary>
    Task EnqueueNoticeAsync(NewNotice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> of <paramref name="receiver"/>'s pending notices that are due and not
    /// leased, oldest first, each only when no older notice of its group is still pending (a group's notices arrive
    /// in order); only <paramref name="deliveryId"/> when given.
    /// </summary>
    Task<IReadOnlyList<ClaimedNotice>> ClaimNoticesAsync(string receiver, DateTime now, DateTime leaseUntil, string leaseOwner,
        int limit, string? deliveryId, CancellationToken cancellationToken);

    /// <summary>Records an attempt; false, writing nothing, when the lease is no longer <see cref="DeliveryAttempt.LeaseOwner"/>'s.</summary>
    Task<bool> RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Gives a lease back without an attempt (a send cancelled by shutdown): the notice is due again at once.</summary>
    Task ReleaseLeaseAsync(long id, string leaseOwner, CancellationToken cancellationToken);

    /// <summary>Whether the receiver's <c>CostWatchNotificationFailing</c> alert fires.</summary>
    Task<bool> IsNotificationFailingAsync(string fingerprint, CancellationToken cancellationToken);

    Task<IReadOnlyList<NoticeRow>> ListNoticesAsync(NoticeFilter filter, CancellationToken cancellationToken);

    Task<long> CountPendingNoticesAsync(CancellationToken cancellationToken);

    /// <summary>Deletes delivered and dead notices, and dispatched outbox events, finished before <paramref name="before"/>.</summary>
    Task<long> PruneNotificationsAsync(DateTime before, CancellationToken cancellationToken);
}

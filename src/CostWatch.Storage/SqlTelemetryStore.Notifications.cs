using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Notifications;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Notifications;

namespace CostWatch.Storage;

/// <summary>
/// The notification dispatcher's storage side (schema 0004). Taking outbox events and looking at due groups hold the
/// dispatch lock, so the groups' state machine moves one step at a time whatever the replicas; notices are sent on
/// leases taken with <c>FOR UPDATE SKIP LOCKED</c> (PostgreSQL) or under SQLite's one write lock.
/// </summary>
internal abstract partial class SqlTelemetryStore : INotificationStore
{
    private const string GroupColumns =
        "receiver, group_key, group_labels, created_at, next_flush_at, last_notice_at, last_delivery_id";

    private const string GroupAlertColumns =
        "fingerprint, status, rule, severity, labels, annotations, value, threshold, starts_at, ends_at, changed_at, notified_firing";

    public async Task<int?> TakeOutboxAsync(DateTime now, int limit, Func<AlertEvent, IReadOnlyList<GroupTarget>> route,
        NoticeTimings timings, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockNotificationDispatchAsync(connection, transaction, cancellationToken))
        {
            return null;
        }

        var events = new List<(long Id, AlertEvent Event)>();
        await using (var select = Command(connection, transaction,
                         "SELECT id, created_at, fingerprint, rule, severity, status, labels, annotations, value, threshold, " +
                         "starts_at, ends_at, reason FROM alert_events WHERE dispatched_at IS NULL ORDER BY id LIMIT @limit"))
        {
            Add(select, "limit", limit);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add((Long(reader, 0), new AlertEvent(Micros(reader, 1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), AlertLabels.Parse(reader.GetString(6)), StringMap(reader.GetString(7)),
                    ReadMoney(reader, 8), ReadMoney(reader, 9), Micros(reader, 10), reader.IsDBNull(11) ? null : Micros(reader, 11),
                    reader.IsDBNull(12) ? null : reader.GetString(12))));
            }
        }

        // Groups read once per transaction and written through, so later events of the batch see earlier ones.
        var groups = new Dictionary<(string, string), NotificationGroup?>();
        foreach (var (_, change) in events)
        {
            foreach (var target in route(change))
            {
                var key = (target.Receiver, target.GroupKey);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = await ReadGroupAsync(connection, transaction, target.Receiver, target.GroupKey, cancellationToken);
                }

                var held = await ReadGroupAlertAsync(connection, transaction, target, change.Fingerprint, cancellationToken);
                if (NoticePlanner.Admit(group, held, change, target.Receiver, target.GroupKey, target.GroupLabels, timings)
                    is not var (admittedGroup, admittedAlert))
                {
                    groups[key] = group;
                    continue;
                }

                await WriteGroupAsync(connection, transaction, admittedGroup, cancellationToken);
                await WriteGroupAlertAsync(connection, transaction, admittedGroup, admittedAlert, cancellationToken);
                groups[key] = admittedGroup;
            }
        }

        await using (var stamp = Command(connection, transaction, "UPDATE alert_events SET dispatched_at = @now WHERE id = @id"))
        {
            Add(stamp, "now", UnixTime.Microseconds(now));
            var id = Add(stamp, "id", 0L);
            foreach (var (eventId, _) in events)
            {
                id.Value = eventId;
                await stamp.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    public async Task<IReadOnlyList<NewNotice>?> FlushDueGroupsAsync(DateTime now, int limit,
        Func<NotificationGroup, IReadOnlyList<GroupedAlert>, GroupFlush> flush, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockNotificationDispatchAsync(connection, transaction, cancellationToken))
        {
            return null;
        }

        var due = new List<NotificationGroup>();
        await using (var select = Command(connection, transaction,
                         $"SELECT {GroupColumns} FROM notification_groups WHERE next_flush_at <= @now ORDER BY next_flush_at LIMIT @limit"))
        {
            Add(select, "now", UnixTime.Microseconds(now));
            Add(select, "limit", limit);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(ReadGroup(reader));
            }
        }

        var queued = new List<NewNotice>();
        foreach (var group in due)
        {
            var alerts = await ReadGroupAlertsAsync(connection, transaction, group, cancellationToken);
            var (plan, notice) = flush(group, alerts);
            if (notice is not null)
            {
                await InsertNoticeAsync(connection, transaction, notice, cancellationToken);
                queued.Add(notice);
            }

            await using (var forget = Command(connection, transaction,
                             "DELETE FROM notification_group_alerts WHERE receiver = @receiver AND group_key = @group AND fingerprint = @fingerprint"))
            {
                var fingerprint = GroupAlertKey(forget, group);
                foreach (var forgotten in plan.Forget)
                {
                    fingerprint.Value = forgotten;
                    await forget.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await using (var told = Command(connection, transaction,
                             "UPDATE notification_group_alerts SET notified_firing = @true WHERE receiver = @receiver AND group_key = @group AND fingerprint = @fingerprint"))
            {
                Add(told, "true", ToDbBool(true));
                var fingerprint = GroupAlertKey(told, group);
                foreach (var notified in plan.MarkNotified)
                {
                    fingerprint.Value = notified;
                    await told.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            if (plan.DeleteGroup)
            {
                await using var delete = Command(connection, transaction,
                    "DELETE FROM notification_group_alerts WHERE receiver = @receiver AND group_key = @group");
                GroupAlertKey(delete, group);
                await delete.ExecuteNonQueryAsync(cancellationToken);
                await using var deleteGroup = Command(connection, transaction,
                    "DELETE FROM notification_groups WHERE receiver = @receiver AND group_key = @group");
                GroupAlertKey(deleteGroup, group);
                await deleteGroup.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                await WriteGroupAsync(connection, transaction, group with
                {
                    NextFlushAt = plan.NextFlushAt,
                    LastNoticeAt = notice is null ? group.LastNoticeAt : notice.CreatedAt,
                    LastDeliveryId = notice?.DeliveryId ?? group.LastDeliveryId,
                }, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    public async Task EnqueueNoticeAsync(NewNotice notice, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await InsertNoticeAsync(connection, null, notice, cancellationToken);
    }

    public async Task<IReadOnlyList<ClaimedNotice>> ClaimNoticesAsync(string receiver, DateTime now, DateTime leaseUntil,
        string leaseOwner, int limit, string? deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var claim = Command(connection, transaction,
            "UPDATE notification_deliveries SET lease_until = @until, lease_owner = @owner WHERE id IN (" +
            "SELECT d.id FROM notification_deliveries d WHERE d.state = 0 AND d.receiver = @receiver " +
            "AND d.next_attempt_at <= @now AND (d.lease_until IS NULL OR d.lease_until <= @now) " +
            (deliveryId is null ? "" : "AND d.delivery_id = @deliveryId ") +
            "AND NOT EXISTS (SELECT 1 FROM notification_deliveries o WHERE o.state = 0 AND o.receiver = d.receiver " +
            $"AND o.group_key = d.group_key AND o.id < d.id) ORDER BY d.id LIMIT @limit{SkipLockedClause}) " +
            "RETURNING id, delivery_id, receiver, reason, notice, attempts, created_at, changed_at, deadline_at");
        Add(claim, "until", UnixTime.Microseconds(leaseUntil));
        Add(claim, "owner", leaseOwner);
        Add(claim, "receiver", receiver);
        Add(claim, "now", UnixTime.Microseconds(now));
        Add(claim, "limit", limit);
        if (deliveryId is not null)
        {
            Add(claim, "deliveryId", deliveryId);
        }

        var claimed = new List<ClaimedNotice>();
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedNotice(Long(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), (int)Long(reader, 5), Micros(reader, 6), reader.IsDBNull(7) ? null : Micros(reader, 7),
                    Micros(reader, 8)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    public async Task<bool> RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var record = Command(connection, transaction,
                         "UPDATE notification_deliveries SET state = @state, attempts = @attempts, " +
                         "next_attempt_at = COALESCE(@next, next_attempt_at), last_error = @error, finished_at = @finished, " +
                         "lease_until = NULL, lease_owner = NULL WHERE id = @id AND lease_owner = @owner AND state = 0"))
        {
            Add(record, "state", (short)attempt.State);
            Add(record, "attempts", attempt.Attempts);
            Add(record, "next", MicrosOrNull(attempt.NextAttemptAt));
            Add(record, "error", attempt.Error);
            Add(record, "finished", attempt.State == NoticeState.Pending ? null : UnixTime.Microseconds(attempt.At));
            Add(record, "id", attempt.Id);
            Add(record, "owner", attempt.LeaseOwner);
            if (await record.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        if (attempt.Failing is { } failing)
        {
            await ChangeNotificationFailingAsync(connection, transaction, failing, attempt.At, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task ReleaseLeaseAsync(long id, string leaseOwner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var release = Command(connection, null,
            "UPDATE notification_deliveries SET lease_until = NULL, lease_owner = NULL WHERE id = @id AND lease_owner = @owner");
        Add(release, "id", id);
        Add(release, "owner", leaseOwner);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsNotificationFailingAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadInstanceStateAsync(connection, null, fingerprint, cancellationToken) == AlertState.Firing;
    }

    public async Task<IReadOnlyList<NoticeRow>> ListNoticesAsync(NoticeFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var where = new List<string>();
        if (filter.State is { } state)
        {
            where.Add("state = @state");
            Add(command, "state", (short)state);
        }

        if (filter.Receiver is { } receiver)
        {
            where.Add("receiver = @receiver");
            Add(command, "receiver", receiver);
        }

        Add(command, "limit", filter.Limit);
        command.CommandText =
            "SELECT delivery_id, receiver, group_key, status, reason, alerts, state, attempts, created_at, next_attempt_at, " +
            "deadline_at, finished_at, last_error FROM notification_deliveries" +
            (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where)) + " ORDER BY id DESC LIMIT @limit";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<NoticeRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new NoticeRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), (int)Long(reader, 5), (NoticeState)Long(reader, 6), (int)Long(reader, 7), Micros(reader, 8),
                Micros(reader, 9), Micros(reader, 10), reader.IsDBNull(11) ? null : Micros(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return rows;
    }

    public async Task<long> CountPendingNoticesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var count = Command(connection, null, "SELECT COUNT(*) FROM notification_deliveries WHERE state = 0");
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<long> PruneNotificationsAsync(DateTime before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        long pruned = 0;
        foreach (var sql in (string[])[
                     "DELETE FROM notification_deliveries WHERE state <> 0 AND finished_at < @before",
                     "DELETE FROM alert_events WHERE dispatched_at IS NOT NULL AND dispatched_at < @before"])
        {
            await using var delete = Command(connection, null, sql);
            Add(delete, "before", UnixTime.Microseconds(before));
            pruned += await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return pruned;
    }

    /// <summary>
    /// Takes the lock that lets one replica at a time take outbox events and look at due groups, until the transaction
    /// ends; false at once when another holds it.
    /// </summary>
    protected abstract Task<bool> LockNotificationDispatchAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken);

    /// <summary>Waits for the alert evaluation lock, so a change to an alert instance never interleaves with a round.</summary>
    protected abstract Task LockAlertStateAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Appended to a locking subquery: rows another transaction holds are skipped, not waited for.</summary>
    protected abstract string SkipLockedClause { get; }

    private async Task ChangeNotificationFailingAsync(DbConnection connection, DbTransaction transaction,
        NotificationFailingChange failing, DateTime now, CancellationToken cancellationToken)
    {
        var fingerprint = failing.Labels.Fingerprint;
        // Cheap and unlocked first: nearly every delivery finds nothing to change.
        var state = await ReadInstanceStateAsync(connection, transaction, fingerprint, cancellationToken);
        if (failing.Raise == (state == AlertState.Firing))
        {
            return;
        }

        await LockAlertStateAsync(connection, transaction, cancellationToken);
        var instance = (await ReadInstancesAsync(connection, transaction, fingerprint, cancellationToken)).SingleOrDefault();
        if (failing.Raise)
        {
            if (instance?.State == AlertState.Firing)
            {
                return;
            }

            var muted = failing.SilencedBy.Count > 0;
            var raised = new AlertInstance
            {
                Labels = failing.Labels,
                Rule = NotificationFailingAlert.Rule,
                Severity = NotificationFailingAlert.Severity,
                Annotations = failing.Annotations,
                State = AlertState.Firing,
                ActiveAt = now,
                FiredAt = now,
                LastBreachAt = now,
                SilencedBy = failing.SilencedBy,
                // A muted alert is left for the engine to notify once unmuted, as it does its own.
                Notified = !muted,
                UpdatedAt = now,
            };
            await WriteInstanceAsync(connection, transaction, raised, cancellationToken);
            if (!muted)
            {
                await WriteEventAsync(connection, transaction, AlertEvent.Of(raised, AlertEvent.Firing, now), cancellationToken);
            }

            return;
        }

        if (instance is not { State: AlertState.Firing })
        {
            return;
        }

        instance.State = AlertState.Resolved;
        instance.ResolvedAt = now;
        instance.Reason = NotificationFailingAlert.ResolvedReason;
        instance.SilencedBy = [];
        instance.InhibitedBy = [];
        instance.UpdatedAt = now;
        await WriteInstanceAsync(connection, transaction, instance, cancellationToken);
        if (instance.Notified)
        {
            await WriteEventAsync(connection, transaction, AlertEvent.Of(instance, AlertEvent.Resolved, now), cancellationToken);
        }
    }

    private static async Task<AlertState?> ReadInstanceStateAsync(DbConnection connection, DbTransaction? transaction,
        string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT state FROM alert_instances WHERE fingerprint = @fingerprint");
        Add(command, "fingerprint", fingerprint);
        var state = await command.ExecuteScalarAsync(cancellationToken);
        return state is null or DBNull ? null : (AlertState)Convert.ToInt32(state, CultureInfo.InvariantCulture);
    }

    private async Task InsertNoticeAsync(DbConnection connection, DbTransaction? transaction, NewNotice notice,
        CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction,
            "INSERT INTO notification_deliveries (delivery_id, receiver, group_key, status, reason, alerts, notice, created_at, " +
            "changed_at, deadline_at, state, attempts, next_attempt_at) VALUES (@deliveryId, @receiver, @group, @status, " +
            "@reason, @alerts, @notice, @createdAt, @changedAt, @deadlineAt, 0, 0, @createdAt)");
        Add(insert, "deliveryId", notice.DeliveryId);
        Add(insert, "receiver", notice.Receiver);
        Add(insert, "group", notice.GroupKey);
        Add(insert, "status", notice.Status);
        Add(insert, "reason", notice.Reason);
        Add(insert, "alerts", notice.Alerts);
        Add(insert, "notice", notice.NoticeJson);
        Add(insert, "createdAt", UnixTime.Microseconds(notice.CreatedAt));
        Add(insert, "changedAt", MicrosOrNull(notice.ChangedAt));
        Add(insert, "deadlineAt", UnixTime.Microseconds(notice.DeadlineAt));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<NotificationGroup?> ReadGroupAsync(DbConnection connection, DbTransaction transaction,
        string receiver, string groupKey, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction,
            $"SELECT {GroupColumns} FROM notification_groups WHERE receiver = @receiver AND group_key = @group");
        Add(select, "receiver", receiver);
        Add(select, "group", groupKey);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadGroup(reader) : null;
    }

    private static NotificationGroup ReadGroup(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1),
        StringMap(reader.GetString(2)), Micros(reader, 3), reader.IsDBNull(4) ? null : Micros(reader, 4),
        reader.IsDBNull(5) ? null : Micros(reader, 5), reader.IsDBNull(6) ? null : reader.GetString(6));

    private async Task<GroupedAlert?> ReadGroupAlertAsync(DbConnection connection, DbTransaction transaction, GroupTarget target,
        string fingerprint, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction,
            $"SELECT {GroupAlertColumns} FROM notification_group_alerts WHERE receiver = @receiver AND group_key = @group " +
            "AND fingerprint = @fingerprint");
        Add(select, "receiver", target.Receiver);
        Add(select, "group", target.GroupKey);
        Add(select, "fingerprint", fingerprint);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadGroupAlert(reader) : null;
    }

    private async Task<IReadOnlyList<GroupedAlert>> ReadGroupAlertsAsync(DbConnection connection, DbTransaction transaction,
        NotificationGroup group, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction,
            $"SELECT {GroupAlertColumns} FROM notification_group_alerts WHERE receiver = @receiver AND group_key = @group");
        GroupAlertKey(select, group);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<GroupedAlert>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(ReadGroupAlert(reader));
        }

        return alerts;
    }

    private GroupedAlert ReadGroupAlert(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetString(2),
        reader.GetString(3), StringMap(reader.GetString(4)), StringMap(reader.GetString(5)), ReadMoney(reader, 6),
        ReadMoney(reader, 7), Micros(reader, 8), reader.IsDBNull(9) ? null : Micros(reader, 9), Micros(reader, 10),
        Convert.ToBoolean(reader.GetValue(11), CultureInfo.InvariantCulture));

    /// <summary>Adds the receiver and group parameters, and returns the fingerprint parameter for the caller to set.</summary>
    private static DbParameter GroupAlertKey(DbCommand command, NotificationGroup group)
    {
        Add(command, "receiver", group.Receiver);
        Add(command, "group", group.GroupKey);
        return Add(command, "fingerprint", "");
    }

    private static async Task WriteGroupAsync(DbConnection connection, DbTransaction transaction, NotificationGroup group,
        CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction,
            $"INSERT INTO notification_groups ({GroupColumns}) VALUES (@receiver, @group, @labels, @createdAt, @nextFlushAt, " +
            "@lastNoticeAt, @lastDeliveryId) ON CONFLICT (receiver, group_key) DO UPDATE SET next_flush_at = excluded.next_flush_at, " +
            "last_notice_at = excluded.last_notice_at, last_delivery_id = excluded.last_delivery_id");
        Add(upsert, "receiver", group.Receiver);
        Add(upsert, "group", group.GroupKey);
        Add(upsert, "labels", JsonSerializer.Serialize(group.GroupLabels));
        Add(upsert, "createdAt", UnixTime.Microseconds(group.CreatedAt));
        Add(upsert, "nextFlushAt", MicrosOrNull(group.NextFlushAt));
        Add(upsert, "lastNoticeAt", MicrosOrNull(group.LastNoticeAt));
        Add(upsert, "lastDeliveryId", group.LastDeliveryId);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteGroupAlertAsync(DbConnection connection, DbTransaction transaction, NotificationGroup group,
        GroupedAlert alert, CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction,
            $"INSERT INTO notification_group_alerts (receiver, group_key, {GroupAlertColumns}) VALUES (@receiver, @group, " +
            "@fingerprint, @status, @rule, @severity, @labels, @annotations, @value, @threshold, @startsAt, @endsAt, @changedAt, " +
            "@notified) ON CONFLICT (receiver, group_key, fingerprint) DO UPDATE SET status = excluded.status, rule = excluded.rule, " +
            "severity = excluded.severity, labels = excluded.labels, annotations = excluded.annotations, value = excluded.value, " +
            "threshold = excluded.threshold, starts_at = excluded.starts_at, ends_at = excluded.ends_at, " +
            "changed_at = excluded.changed_at, notified_firing = excluded.notified_firing");
        GroupAlertKey(upsert, group).Value = alert.Fingerprint;
        Add(upsert, "status", alert.Status);
        Add(upsert, "rule", alert.Rule);
        Add(upsert, "severity", alert.Severity);
        Add(upsert, "labels", JsonSerializer.Serialize(alert.Labels));
        Add(upsert, "annotations", JsonSerializer.Serialize(alert.Annotations));
        Add(upsert, "value", alert.Value is { } value ? ToDbMoney(value) : null);
        Add(upsert, "threshold", alert.Threshold is { } threshold ? ToDbMoney(threshold) : null);
        Add(upsert, "startsAt", UnixTime.Microseconds(alert.StartsAt));
        Add(upsert, "endsAt", MicrosOrNull(alert.EndsAt));
        Add(upsert, "changedAt", UnixTime.Microseconds(alert.ChangedAt));
        Add(upsert, "notified", ToDbBool(alert.NotifiedFiring));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyDictionary<string, string> StringMap(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
}

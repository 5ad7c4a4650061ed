-- Notifications: each receiver's alert groups, the alerts they hold, and the notices to deliver (the durable queue).
-- Times are Unix microseconds; values and thresholds are decimal text, never a float; booleans are 0 or 1. The
-- dispatcher fills these from alert_events, stamping each event's dispatched_at in the same transaction
-- (docs/notifications.md).

-- One group per receiver and group key (the GroupBy labels, written {name="value",...}). next_flush_at is when the
-- group is next looked at (end of group wait, a change, the repeat), NULL when nothing is due; last_notice_at is NULL
-- until its first notice; last_delivery_id is that notice's delivery id (e-mail threading).
CREATE TABLE notification_groups (
    receiver         TEXT   NOT NULL,
    group_key        TEXT   NOT NULL,
    group_labels     TEXT   NOT NULL,
    created_at       INTEGER NOT NULL,
    next_flush_at    INTEGER,
    last_notice_at   INTEGER,
    last_delivery_id TEXT,
    PRIMARY KEY (receiver, group_key)
);
CREATE INDEX notification_groups_due ON notification_groups (next_flush_at) WHERE next_flush_at IS NOT NULL;

-- The alerts of a group as its latest outbox event left them. notified_firing: the receiver has been told the alert
-- fires (so its resolution is news, and a repeat lists it as still firing). A resolved alert is deleted once its
-- group has been looked at.
CREATE TABLE notification_group_alerts (
    receiver        TEXT     NOT NULL,
    group_key       TEXT     NOT NULL,
    fingerprint     TEXT     NOT NULL,
    status          TEXT     NOT NULL,
    rule            TEXT     NOT NULL,
    severity        TEXT     NOT NULL,
    labels          TEXT     NOT NULL,
    annotations     TEXT     NOT NULL,
    value           TEXT,
    threshold       TEXT,
    starts_at       INTEGER   NOT NULL,
    ends_at         INTEGER,
    changed_at      INTEGER   NOT NULL,
    notified_firing INTEGER  NOT NULL,
    PRIMARY KEY (receiver, group_key, fingerprint)
);

-- The notices. delivery_id is stable across attempts (Idempotency-Key, Message-Id); id orders a group's notices,
-- which are delivered in that order. state: 0 pending, 1 delivered, 2 dead. notice: the notice as JSON, so every
-- attempt sends the same notice. changed_at: the earliest state change it reports (NULL for repeats and tests).
-- A sender holds a pending notice while lease_until is in the future, so two replicas never send it at once.
CREATE TABLE notification_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     TEXT     NOT NULL UNIQUE,
    receiver        TEXT     NOT NULL,
    group_key       TEXT     NOT NULL,
    status          TEXT     NOT NULL,
    reason          TEXT     NOT NULL,
    alerts          INTEGER  NOT NULL,
    notice          TEXT     NOT NULL,
    created_at      INTEGER   NOT NULL,
    changed_at      INTEGER,
    deadline_at     INTEGER   NOT NULL,
    state           INTEGER NOT NULL,
    attempts        INTEGER  NOT NULL,
    next_attempt_at INTEGER   NOT NULL,
    lease_until     INTEGER,
    lease_owner     TEXT,
    last_error      TEXT,
    finished_at     INTEGER
);
CREATE INDEX notification_deliveries_pending ON notification_deliveries (receiver, group_key, id) WHERE state = 0;
CREATE INDEX notification_deliveries_finished ON notification_deliveries (finished_at) WHERE state <> 0;

-- Dispatched outbox events are pruned after the notifications' retention.
CREATE INDEX alert_events_dispatched ON alert_events (dispatched_at) WHERE dispatched_at IS NOT NULL;

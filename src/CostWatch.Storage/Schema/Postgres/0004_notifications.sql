-- Notifications: each receiver's alert groups, the alerts they hold, and the notices to deliver (the durable queue).
-- Times are Unix microseconds (bigint). The dispatcher fills these from alert_events, stamping each event's
-- dispatched_at in the same transaction (docs/notifications.md).

-- One group per receiver and group key (the GroupBy labels, written {name="value",...}). next_flush_at is when the
-- group is next looked at (end of group wait, a change, the repeat), NULL when nothing is due; last_notice_at is NULL
-- until its first notice; last_delivery_id is that notice's delivery id (e-mail threading).
CREATE TABLE notification_groups (
    receiver         text   NOT NULL,
    group_key        text   NOT NULL,
    group_labels     text   NOT NULL,
    created_at       bigint NOT NULL,
    next_flush_at    bigint,
    last_notice_at   bigint,
    last_delivery_id text,
    PRIMARY KEY (receiver, group_key)
);
CREATE INDEX notification_groups_due ON notification_groups (next_flush_at) WHERE next_flush_at IS NOT NULL;

-- The alerts of a group as its latest outbox event left them. notified_firing: the receiver has been told the alert
-- fires (so its resolution is news, and a repeat lists it as still firing). A resolved alert is deleted once its
-- group has been looked at.
CREATE TABLE notification_group_alerts (
    receiver        text     NOT NULL,
    group_key       text     NOT NULL,
    fingerprint     text     NOT NULL,
    status          text     NOT NULL,
    rule            text     NOT NULL,
    severity        text     NOT NULL,
    labels          text     NOT NULL,
    annotations     text     NOT NULL,
    value           numeric,
    threshold       numeric,
    starts_at       bigint   NOT NULL,
    ends_at         bigint,
    changed_at      bigint   NOT NULL,
    notified_firing boolean  NOT NULL,
    PRIMARY KEY (receiver, group_key, fingerprint)
);

-- The notices. delivery_id is stable across attempts (Idempotency-Key, Message-Id); id orders a group's notices,
-- which are delivered in that order. state: 0 pending, 1 delivered, 2 dead. notice: the notice as JSON, so every
-- attempt sends the same notice. changed_at: the earliest state change it reports (NULL for repeats and tests).
-- A sender holds a pending notice while lease_until is in the future, so two replicas never send it at once.
CREATE TABLE notification_deliveries (
    id              bigserial PRIMARY KEY,
    delivery_id     text     NOT NULL UNIQUE,
    receiver        text     NOT NULL,
    group_key       text     NOT NULL,
    status          text     NOT NULL,
    reason          text     NOT NULL,
    alerts          integer  NOT NULL,
    notice          text     NOT NULL,
    created_at      bigint   NOT NULL,
    changed_at      bigint,
    deadline_at     bigint   NOT NULL,
    state           smallint NOT NULL,
    attempts        integer  NOT NULL,
    next_attempt_at bigint   NOT NULL,
    lease_until     bigint,
    lease_owner     text,
    last_error      text,
    finished_at     bigint
);
CREATE INDEX notification_deliveries_pending ON notification_deliveries (receiver, group_key, id) WHERE state = 0;
CREATE INDEX notification_deliveries_finished ON notification_deliveries (finished_at) WHERE state <> 0;

-- Dispatched outbox events are pruned after the notifications' retention.
CREATE INDEX alert_events_dispatched ON alert_events (dispatched_at) WHERE dispatched_at IS NOT NULL;

-- The alert engine: the samples its rules read, the registry of agents, alert instances and their state, rule
-- health, silences, and the outbox of notifiable state changes (alert_events).
-- Times are Unix microseconds (bigint) unless a column says otherwise; values and thresholds are exact
-- numerics (a budget's value is money).

-- Alert samples: written by the rollup pass with the rollups, one minute bucket (bucket_start, Unix seconds)
-- of received_at, so a rule's window is measured on CostWatch's clock. Without sessions, so a window of
-- 1,000 agents stays a few hundred thousand rows however many sessions ran.
CREATE TABLE alert_run_iterations (
    bucket_start bigint  NOT NULL,
    agent        text    NOT NULL,
    iterations   integer NOT NULL,
    runs         bigint  NOT NULL,
    PRIMARY KEY (bucket_start, agent, iterations)
);

-- duration_bucket: runs whose duration d (microseconds) has ceil(16 * log2(d / 1000)) = duration_bucket
-- (0 for d <= 1 ms): buckets 4.4% wide, so a quantile read from them is at most 4.4% above the exact one.
CREATE TABLE alert_run_durations (
    bucket_start    bigint  NOT NULL,
    agent           text    NOT NULL,
    duration_bucket integer NOT NULL,
    runs            bigint  NOT NULL,
    PRIMARY KEY (bucket_start, agent, duration_bucket)
);

CREATE TABLE alert_tool_calls (
    bucket_start bigint NOT NULL,
    agent        text   NOT NULL,
    tool         text   NOT NULL,
    calls        bigint NOT NULL,
    failed_calls bigint NOT NULL,
    PRIMARY KEY (bucket_start, agent, tool)
);

CREATE TABLE alert_llm_calls (
    bucket_start     bigint NOT NULL,
    agent            text   NOT NULL,
    model            text   NOT NULL,
    provider         text   NOT NULL,
    calls            bigint NOT NULL,
    unpriced_calls   bigint NOT NULL,
    max_input_tokens bigint NOT NULL,
    PRIMARY KEY (bucket_start, agent, model, provider)
);

-- Agents CostWatch has heard from (by received_at); retired_at is set when trace-loss retires a silent agent and
-- cleared when it reports again.
CREATE TABLE alert_agents (
    agent      text   PRIMARY KEY,
    first_seen bigint NOT NULL,
    last_seen  bigint NOT NULL,
    retired_at bigint
);

-- One row per alert instance (rule + group labels), kept after it resolves so the API can show it; a new breach
-- of a resolved instance starts a new episode in the same row.
-- state: 1 pending, 2 firing, 3 resolved. labels / annotations: JSON objects (labels canonical: keys sorted).
-- silenced_by: JSON array of silence ids; inhibited_by: JSON array of source fingerprints (NULL when none).
-- notified: a firing event for this episode is in alert_events (so a resolved event follows).
CREATE TABLE alert_instances (
    fingerprint    text     PRIMARY KEY,
    rule           text     NOT NULL,
    severity       text     NOT NULL,
    labels         text     NOT NULL,
    annotations    text     NOT NULL,
    state          smallint NOT NULL,
    value          numeric,
    threshold      numeric,
    active_at      bigint   NOT NULL,
    fired_at       bigint,
    resolved_at    bigint,
    last_breach_at bigint,
    reason         text,
    silenced_by    text,
    inhibited_by   text,
    notified       boolean  NOT NULL,
    updated_at     bigint   NOT NULL
);
CREATE INDEX alert_instances_rule ON alert_instances (rule, state);

-- health: 'ok', 'bad' or 'unknown' (not evaluated yet).
CREATE TABLE alert_rule_health (
    rule                 text    PRIMARY KEY,
    health               text    NOT NULL,
    last_evaluation      bigint,
    evaluation_us        bigint,
    last_error           text,
    consecutive_failures integer NOT NULL
);

-- The last evaluation round (Unix microseconds): a replica that finds a round younger than half an interval
-- skips its turn, so with several replicas each rule is evaluated once per interval.
CREATE TABLE alert_evaluation (
    id         smallint PRIMARY KEY CHECK (id = 1),
    last_round bigint NOT NULL
);
INSERT INTO alert_evaluation (id, last_round) VALUES (1, 0);

-- matchers: JSON array of {"name","value","isRegex","isEqual"}. A silence is expired by moving ends_at to now.
CREATE TABLE alert_silences (
    id         text   PRIMARY KEY,
    matchers   text   NOT NULL,
    starts_at  bigint NOT NULL,
    ends_at    bigint NOT NULL,
    created_by text   NOT NULL,
    comment    text   NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

-- The outbox: every state change to be notified, written in the same transaction as the change. status is
-- 'firing' or 'resolved'; starts_at is when the alert fired, ends_at when it resolved. The notifications
-- dispatcher takes the rows whose dispatched_at is NULL (not "id above a cursor": ids are drawn before
-- commit, so a later id can commit first) and stamps dispatched_at in the transaction that takes them.
CREATE TABLE alert_events (
    id          bigserial PRIMARY KEY,
    created_at  bigint    NOT NULL,
    fingerprint text      NOT NULL,
    rule        text      NOT NULL,
    severity    text      NOT NULL,
    status      text      NOT NULL,
    labels      text      NOT NULL,
    annotations text      NOT NULL,
    value       numeric,
    threshold   numeric,
    starts_at   bigint    NOT NULL,
    ends_at     bigint,
    reason      text,
    dispatched_at bigint
);
CREATE INDEX alert_events_undispatched ON alert_events (id) WHERE dispatched_at IS NULL;

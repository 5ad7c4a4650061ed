-- The alert engine: the samples its rules read, the registry of agents, alert instances and their state, rule
-- health, silences, and the outbox of notifiable state changes (alert_events).
-- Times are Unix microseconds unless a column says otherwise; values and thresholds are decimal text (a
-- budget's value is money), never a float; booleans are 0 or 1.

-- Alert samples: written by the rollup pass with the rollups, one minute bucket (bucket_start, Unix seconds)
-- of received_at, so a rule's window is measured on CostWatch's clock. Without sessions, so a window of
-- 1,000 agents stays a few hundred thousand rows however many sessions ran.
CREATE TABLE alert_run_iterations (
    bucket_start INTEGER  NOT NULL,
    agent        TEXT    NOT NULL,
    iterations   INTEGER NOT NULL,
    runs         INTEGER  NOT NULL,
    PRIMARY KEY (bucket_start, agent, iterations)
);

-- duration_bucket: runs whose duration d (microseconds) has ceil(16 * log2(d / 1000)) = duration_bucket
-- (0 for d <= 1 ms): buckets 4.4% wide, so a quantile read from them is at most 4.4% above the exact one.
CREATE TABLE alert_run_durations (
    bucket_start    INTEGER  NOT NULL,
    agent           TEXT    NOT NULL,
    duration_bucket INTEGER NOT NULL,
    runs            INTEGER  NOT NULL,
    PRIMARY KEY (bucket_start, agent, duration_bucket)
);

CREATE TABLE alert_tool_calls (
    bucket_start INTEGER NOT NULL,
    agent        TEXT   NOT NULL,
    tool         TEXT   NOT NULL,
    calls        INTEGER NOT NULL,
    failed_calls INTEGER NOT NULL,
    PRIMARY KEY (bucket_start, agent, tool)
);

CREATE TABLE alert_llm_calls (
    bucket_start     INTEGER NOT NULL,
    agent            TEXT   NOT NULL,
    model            TEXT   NOT NULL,
    provider         TEXT   NOT NULL,
    calls            INTEGER NOT NULL,
    unpriced_calls   INTEGER NOT NULL,
    max_input_tokens INTEGER NOT NULL,
    PRIMARY KEY (bucket_start, agent, model, provider)
);

-- Agents CostWatch has heard from (by received_at); retired_at is set when trace-loss retires a silent agent and
-- cleared when it reports again.
CREATE TABLE alert_agents (
    agent      TEXT   PRIMARY KEY,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    retired_at INTEGER
);

-- One row per alert instance (rule + group labels), kept after it resolves so the API can show it; a new breach
-- of a resolved instance starts a new episode in the same row.
-- state: 1 pending, 2 firing, 3 resolved. labels / annotations: JSON objects (labels canonical: keys sorted).
-- silenced_by: JSON array of silence ids; inhibited_by: JSON array of source fingerprints (NULL when none).
-- notified: a firing event for this episode is in alert_events (so a resolved event follows).
CREATE TABLE alert_instances (
    fingerprint    TEXT     PRIMARY KEY,
    rule           TEXT     NOT NULL,
    severity       TEXT     NOT NULL,
    labels         TEXT     NOT NULL,
    annotations    TEXT     NOT NULL,
    state          INTEGER NOT NULL,
    value          TEXT,
    threshold      TEXT,
    active_at      INTEGER   NOT NULL,
    fired_at       INTEGER,
    resolved_at    INTEGER,
    last_breach_at INTEGER,
    reason         TEXT,
    silenced_by    TEXT,
    inhibited_by   TEXT,
    notified       INTEGER  NOT NULL,
    updated_at     INTEGER   NOT NULL
);
CREATE INDEX alert_instances_rule ON alert_instances (rule, state);

-- health: 'ok', 'bad' or 'unknown' (not evaluated yet).
CREATE TABLE alert_rule_health (
    rule                 TEXT    PRIMARY KEY,
    health               TEXT    NOT NULL,
    last_evaluation      INTEGER,
    evaluation_us        INTEGER,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL
);

-- The last evaluation round (Unix microseconds): a replica that finds a round younger than half an interval
-- skips its turn, so with several replicas each rule is evaluated once per interval.
CREATE TABLE alert_evaluation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_round INTEGER NOT NULL
);
INSERT INTO alert_evaluation (id, last_round) VALUES (1, 0);

-- matchers: JSON array of {"name","value","isRegex","isEqual"}. A silence is expired by moving ends_at to now.
CREATE TABLE alert_silences (
    id         TEXT   PRIMARY KEY,
    matchers   TEXT   NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    created_by TEXT   NOT NULL,
    comment    TEXT   NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The outbox: every state change to be notified, written in the same transaction as the change. status is
-- 'firing' or 'resolved'; starts_at is when the alert fired, ends_at when it resolved. The notifications
-- dispatcher takes the rows whose dispatched_at is NULL (not "id above a cursor": ids are drawn before
-- commit, so a later id can commit first) and stamps dispatched_at in the transaction that takes them.
CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  INTEGER    NOT NULL,
    fingerprint TEXT      NOT NULL,
    rule        TEXT      NOT NULL,
    severity    TEXT      NOT NULL,
    status      TEXT      NOT NULL,
    labels      TEXT      NOT NULL,
    annotations TEXT      NOT NULL,
    value       TEXT,
    threshold   TEXT,
    starts_at   INTEGER    NOT NULL,
    ends_at     INTEGER,
    reason      TEXT,
    dispatched_at INTEGER
);
CREATE INDEX alert_events_undispatched ON alert_events (id) WHERE dispatched_at IS NULL;

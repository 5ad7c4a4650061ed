-- Cost per call, custom cost dimensions, and the rollups the cost API reads.
--
-- change_seq: the number of the write transaction that last made a record eligible for rollup (its insert,
-- or the attribution of a pending call). SQLite runs one write transaction at a time, so a counter in
-- rollup_progress, incremented by each, orders them exactly (docs/rollups.md).

ALTER TABLE llm_calls ADD COLUMN cost_usd TEXT;
ALTER TABLE llm_calls ADD COLUMN cost_source INTEGER NOT NULL DEFAULT 0;
ALTER TABLE llm_calls ADD COLUMN price_entry TEXT;
ALTER TABLE llm_calls ADD COLUMN price_source TEXT;

ALTER TABLE llm_calls ADD COLUMN dimensions TEXT;
ALTER TABLE agent_runs ADD COLUMN dimensions TEXT;
ALTER TABLE tool_calls ADD COLUMN dimensions TEXT;

ALTER TABLE llm_calls ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_runs ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tool_calls ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX llm_calls_change_seq ON llm_calls (change_seq);
CREATE INDEX agent_runs_change_seq ON agent_runs (change_seq);
CREATE INDEX tool_calls_change_seq ON tool_calls (change_seq);

-- Rollups: one row per bucket and key. resolution is the bucket width in seconds (60, 3600, 86400);
-- bucket_start is Unix seconds. Key columns hold '' for "none"; calls without an agent are under
-- '__unattributed__'. dimensions is the custom dimensions as canonical JSON. cost_usd is decimal text.
-- first_seen / last_seen are Unix microseconds of the earliest start and the latest end.

CREATE TABLE llm_rollups (
    resolution         INTEGER NOT NULL,
    bucket_start       INTEGER NOT NULL,
    agent              TEXT    NOT NULL,
    session            TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    provider           TEXT    NOT NULL,
    service            TEXT    NOT NULL,
    user_id            TEXT    NOT NULL,
    dimensions         TEXT    NOT NULL,
    calls              INTEGER NOT NULL,
    failed_calls       INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_usd           TEXT    NOT NULL,
    unpriced_calls     INTEGER NOT NULL,
    duration_us        INTEGER NOT NULL,
    first_seen         INTEGER NOT NULL,
    last_seen          INTEGER NOT NULL,
    PRIMARY KEY (resolution, bucket_start, agent, session, model, provider, service, user_id, dimensions)
);
CREATE INDEX llm_rollups_session ON llm_rollups (session, resolution) WHERE session <> '';

CREATE TABLE run_rollups (
    resolution   INTEGER NOT NULL,
    bucket_start INTEGER NOT NULL,
    agent        TEXT    NOT NULL,
    session      TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    user_id      TEXT    NOT NULL,
    dimensions   TEXT    NOT NULL,
    runs         INTEGER NOT NULL,
    failed_runs  INTEGER NOT NULL,
    iterations   INTEGER NOT NULL,
    duration_us  INTEGER NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (resolution, bucket_start, agent, session, service, user_id, dimensions)
);
CREATE INDEX run_rollups_session ON run_rollups (session, resolution) WHERE session <> '';

CREATE TABLE tool_rollups (
    resolution   INTEGER NOT NULL,
    bucket_start INTEGER NOT NULL,
    agent        TEXT    NOT NULL,
    session      TEXT    NOT NULL,
    tool         TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    user_id      TEXT    NOT NULL,
    dimensions   TEXT    NOT NULL,
    calls        INTEGER NOT NULL,
    failed_calls INTEGER NOT NULL,
    duration_us  INTEGER NOT NULL,
    PRIMARY KEY (resolution, bucket_start, agent, session, tool, service, user_id, dimensions)
);

-- The rollup job's progress: records with done <= change_seq < ready are rolled up by the next pass;
-- change_counter is the number of the last write transaction; generation counts re-pricing runs (a pass
-- that read before one must not write after it).
CREATE TABLE rollup_progress (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    done           INTEGER NOT NULL,
    ready          INTEGER NOT NULL,
    change_counter INTEGER NOT NULL,
    generation     INTEGER NOT NULL
);
INSERT INTO rollup_progress (id, done, ready, change_counter, generation) VALUES (1, 0, 0, 0, 0);

-- The rollup and alert sample tables as WITHOUT ROWID tables: SQLite then keeps each table's rows in primary-key
-- order (resolution and bucket first), so a query's range of buckets is one contiguous run of pages instead of
-- index entries each looked up in a table stored in insertion order, and an upsert changes one B-tree, not two.
-- The alert and cost API benchmarks measure the effect (docs/benchmarks.md). Each table is rebuilt: created anew,
-- filled from the old one, which is then replaced.

CREATE TABLE llm_rollups_clustered (
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
) WITHOUT ROWID;
INSERT INTO llm_rollups_clustered SELECT * FROM llm_rollups;
DROP TABLE llm_rollups;
ALTER TABLE llm_rollups_clustered RENAME TO llm_rollups;
CREATE INDEX llm_rollups_session ON llm_rollups (session, resolution) WHERE session <> '';

CREATE TABLE run_rollups_clustered (
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
) WITHOUT ROWID;
INSERT INTO run_rollups_clustered SELECT * FROM run_rollups;
DROP TABLE run_rollups;
ALTER TABLE run_rollups_clustered RENAME TO run_rollups;
CREATE INDEX run_rollups_session ON run_rollups (session, resolution) WHERE session <> '';

CREATE TABLE tool_rollups_clustered (
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
) WITHOUT ROWID;
INSERT INTO tool_rollups_clustered SELECT * FROM tool_rollups;
DROP TABLE tool_rollups;
ALTER TABLE tool_rollups_clustered RENAME TO tool_rollups;

CREATE TABLE alert_run_iterations_clustered (
    bucket_start INTEGER  NOT NULL,
    agent        TEXT    NOT NULL,
    iterations   INTEGER NOT NULL,
    runs         INTEGER  NOT NULL,
    PRIMARY KEY (bucket_start, agent, iterations)
) WITHOUT ROWID;
INSERT INTO alert_run_iterations_clustered SELECT * FROM alert_run_iterations;
DROP TABLE alert_run_iterations;
ALTER TABLE alert_run_iterations_clustered RENAME TO alert_run_iterations;

CREATE TABLE alert_run_durations_clustered (
    bucket_start    INTEGER  NOT NULL,
    agent           TEXT    NOT NULL,
    duration_bucket INTEGER NOT NULL,
    runs            INTEGER  NOT NULL,
    PRIMARY KEY (bucket_start, agent, duration_bucket)
) WITHOUT ROWID;
INSERT INTO alert_run_durations_clustered SELECT * FROM alert_run_durations;
DROP TABLE alert_run_durations;
ALTER TABLE alert_run_durations_clustered RENAME TO alert_run_durations;

CREATE TABLE alert_tool_calls_clustered (
    bucket_start INTEGER NOT NULL,
    agent        TEXT   NOT NULL,
    tool         TEXT   NOT NULL,
    calls        INTEGER NOT NULL,
    failed_calls INTEGER NOT NULL,
    PRIMARY KEY (bucket_start, agent, tool)
) WITHOUT ROWID;
INSERT INTO alert_tool_calls_clustered SELECT * FROM alert_tool_calls;
DROP TABLE alert_tool_calls;
ALTER TABLE alert_tool_calls_clustered RENAME TO alert_tool_calls;

CREATE TABLE alert_llm_calls_clustered (
    bucket_start     INTEGER NOT NULL,
    agent            TEXT   NOT NULL,
    model            TEXT   NOT NULL,
    provider         TEXT   NOT NULL,
    calls            INTEGER NOT NULL,
    unpriced_calls   INTEGER NOT NULL,
    max_input_tokens INTEGER NOT NULL,
    PRIMARY KEY (bucket_start, agent, model, provider)
) WITHOUT ROWID;
INSERT INTO alert_llm_calls_clustered SELECT * FROM alert_llm_calls;
DROP TABLE alert_llm_calls;
ALTER TABLE alert_llm_calls_clustered RENAME TO alert_llm_calls;

-- Cost per call, custom cost dimensions, and the rollups the cost API reads.
--
-- change_seq: the id of the transaction that last made a record eligible for rollup (its insert, or the
-- attribution of a pending call). The rollup job takes every record whose change_seq lies below the oldest
-- transaction still running, so a record is rolled up once, in commit order, however many writers and
-- replicas there are (docs/rollups.md).

ALTER TABLE llm_calls ADD COLUMN cost_usd numeric;
ALTER TABLE llm_calls ADD COLUMN cost_source smallint NOT NULL DEFAULT 0;
ALTER TABLE llm_calls ADD COLUMN price_entry text;
ALTER TABLE llm_calls ADD COLUMN price_source text;

ALTER TABLE llm_calls ADD COLUMN dimensions text;
ALTER TABLE agent_runs ADD COLUMN dimensions text;
ALTER TABLE tool_calls ADD COLUMN dimensions text;

ALTER TABLE llm_calls ADD COLUMN change_seq bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
ALTER TABLE agent_runs ADD COLUMN change_seq bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
ALTER TABLE tool_calls ADD COLUMN change_seq bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX llm_calls_change_seq ON llm_calls USING brin (change_seq);
CREATE INDEX agent_runs_change_seq ON agent_runs USING brin (change_seq);
CREATE INDEX tool_calls_change_seq ON tool_calls USING brin (change_seq);

-- Rollups: one row per bucket and key. resolution is the bucket width in seconds (60, 3600, 86400);
-- bucket_start is Unix seconds. Key columns hold '' for "none" (primary keys cannot hold NULL); calls
-- without an agent are under '__unattributed__'. dimensions is the custom dimensions as canonical JSON.
-- first_seen / last_seen are Unix microseconds of the earliest start and the latest end.

CREATE TABLE llm_rollups (
    resolution         integer NOT NULL,
    bucket_start       bigint  NOT NULL,
    agent              text    NOT NULL,
    session            text    NOT NULL,
    model              text    NOT NULL,
    provider           text    NOT NULL,
    service            text    NOT NULL,
    user_id            text    NOT NULL,
    dimensions         text    NOT NULL,
    calls              bigint  NOT NULL,
    failed_calls       bigint  NOT NULL,
    input_tokens       bigint  NOT NULL,
    cache_read_tokens  bigint  NOT NULL,
    cache_write_tokens bigint  NOT NULL,
    output_tokens      bigint  NOT NULL,
    reasoning_tokens   bigint  NOT NULL,
    cost_usd           numeric NOT NULL,
    unpriced_calls     bigint  NOT NULL,
    duration_us        bigint  NOT NULL,
    first_seen         bigint  NOT NULL,
    last_seen          bigint  NOT NULL,
    PRIMARY KEY (resolution, bucket_start, agent, session, model, provider, service, user_id, dimensions)
);
CREATE INDEX llm_rollups_session ON llm_rollups (session, resolution) WHERE session <> '';

CREATE TABLE run_rollups (
    resolution   integer NOT NULL,
    bucket_start bigint  NOT NULL,
    agent        text    NOT NULL,
    session      text    NOT NULL,
    service      text    NOT NULL,
    user_id      text    NOT NULL,
    dimensions   text    NOT NULL,
    runs         bigint  NOT NULL,
    failed_runs  bigint  NOT NULL,
    iterations   bigint  NOT NULL,
    duration_us  bigint  NOT NULL,
    first_seen   bigint  NOT NULL,
    last_seen    bigint  NOT NULL,
    PRIMARY KEY (resolution, bucket_start, agent, session, service, user_id, dimensions)
);
CREATE INDEX run_rollups_session ON run_rollups (session, resolution) WHERE session <> '';

CREATE TABLE tool_rollups (
    resolution   integer NOT NULL,
    bucket_start bigint  NOT NULL,
    agent        text    NOT NULL,
    session      text    NOT NULL,
    tool         text    NOT NULL,
    service      text    NOT NULL,
    user_id      text    NOT NULL,
    dimensions   text    NOT NULL,
    calls        bigint  NOT NULL,
    failed_calls bigint  NOT NULL,
    duration_us  bigint  NOT NULL,
    PRIMARY KEY (resolution, bucket_start, agent, session, tool, service, user_id, dimensions)
);

-- The rollup job's progress: records with done <= change_seq < ready are rolled up by the next pass;
-- generation counts re-pricing runs (a pass that read before one must not write after it).
CREATE TABLE rollup_progress (
    id         smallint PRIMARY KEY CHECK (id = 1),
    done       bigint   NOT NULL,
    ready      bigint   NOT NULL,
    generation bigint   NOT NULL
);
INSERT INTO rollup_progress (id, done, ready, generation) VALUES (1, 0, 0, 0);

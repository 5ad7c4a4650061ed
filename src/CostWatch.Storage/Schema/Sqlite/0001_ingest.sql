-- Raw records of ingest. Keyed by (trace_id, span_id) so a span delivered twice is stored once.
-- trace_id: the 16 id bytes; span ids: the 8 id bytes read big-endian as a signed 64-bit integer.
-- Times are integer microseconds since the Unix epoch; money is decimal text, never a float.

CREATE TABLE llm_calls (
    trace_id           BLOB    NOT NULL,
    span_id            INTEGER NOT NULL,
    parent_span_id     INTEGER NOT NULL,
    start_time         INTEGER NOT NULL,
    end_time           INTEGER NOT NULL,
    received_at        INTEGER NOT NULL,
    status             INTEGER NOT NULL,
    error_type         TEXT,
    service_name       TEXT,
    environment        TEXT,
    operation          TEXT    NOT NULL,
    provider           TEXT,
    request_model      TEXT,
    response_model     TEXT,
    input_tokens       INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    token_convention   INTEGER NOT NULL,
    reported_cost_usd  TEXT,
    agent_name         TEXT,
    agent_id           TEXT,
    session_id         TEXT,
    user_id            TEXT,
    run_span_id        INTEGER,
    attribution        INTEGER NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX llm_calls_start_time ON llm_calls (start_time);
CREATE INDEX llm_calls_pending ON llm_calls (received_at) WHERE attribution = 0;

CREATE TABLE agent_runs (
    trace_id            BLOB    NOT NULL,
    span_id             INTEGER NOT NULL,
    parent_span_id      INTEGER NOT NULL,
    start_time          INTEGER NOT NULL,
    end_time            INTEGER NOT NULL,
    received_at         INTEGER NOT NULL,
    status              INTEGER NOT NULL,
    error_type          TEXT,
    service_name        TEXT,
    environment         TEXT,
    agent_name          TEXT,
    agent_id            TEXT,
    session_id          TEXT,
    user_id             TEXT,
    reported_iterations INTEGER,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX agent_runs_start_time ON agent_runs (start_time);

CREATE TABLE tool_calls (
    trace_id       BLOB    NOT NULL,
    span_id        INTEGER NOT NULL,
    parent_span_id INTEGER NOT NULL,
    start_time     INTEGER NOT NULL,
    end_time       INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    status         INTEGER NOT NULL,
    error_type     TEXT,
    service_name   TEXT,
    environment    TEXT,
    tool_name      TEXT    NOT NULL,
    call_id        TEXT,
    success        INTEGER NOT NULL,
    agent_name     TEXT,
    agent_id       TEXT,
    session_id     TEXT,
    user_id        TEXT,
    run_span_id    INTEGER,
    attribution    INTEGER NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX tool_calls_start_time ON tool_calls (start_time);
CREATE INDEX tool_calls_pending ON tool_calls (received_at) WHERE attribution = 0;

-- Other spans: only the parent link, kept for a short time so calls beneath them find their agent run.
CREATE TABLE span_links (
    trace_id       BLOB    NOT NULL,
    span_id        INTEGER NOT NULL,
    parent_span_id INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX span_links_received_at ON span_links (received_at);

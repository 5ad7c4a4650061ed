-- Raw records of ingest. Keyed by (trace_id, span_id) so a span delivered twice is stored once.
-- Span ids are the 8 id bytes read big-endian as a signed bigint; trace ids are the 16 bytes as a uuid.
-- Time columns carry BRIN indexes: rows arrive roughly in time order, so pruning by time stays cheap
-- without a B-tree to maintain on every insert.

CREATE TABLE llm_calls (
    trace_id           uuid        NOT NULL,
    span_id            bigint      NOT NULL,
    parent_span_id     bigint      NOT NULL,
    start_time         timestamptz NOT NULL,
    end_time           timestamptz NOT NULL,
    received_at        timestamptz NOT NULL,
    status             smallint    NOT NULL,
    error_type         text,
    service_name       text,
    environment        text,
    operation          text        NOT NULL,
    provider           text,
    request_model      text,
    response_model     text,
    input_tokens       bigint      NOT NULL,
    cache_read_tokens  bigint      NOT NULL,
    cache_write_tokens bigint      NOT NULL,
    output_tokens      bigint      NOT NULL,
    reasoning_tokens   bigint      NOT NULL,
    token_convention   smallint    NOT NULL,
    reported_cost_usd  numeric,
    agent_name         text,
    agent_id           text,
    session_id         text,
    user_id            text,
    run_span_id        bigint,
    attribution        smallint    NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX llm_calls_start_time ON llm_calls USING brin (start_time);
CREATE INDEX llm_calls_pending ON llm_calls (received_at) WHERE attribution = 0;

CREATE TABLE agent_runs (
    trace_id            uuid        NOT NULL,
    span_id             bigint      NOT NULL,
    parent_span_id      bigint      NOT NULL,
    start_time          timestamptz NOT NULL,
    end_time            timestamptz NOT NULL,
    received_at         timestamptz NOT NULL,
    status              smallint    NOT NULL,
    error_type          text,
    service_name        text,
    environment         text,
    agent_name          text,
    agent_id            text,
    session_id          text,
    user_id             text,
    reported_iterations integer,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX agent_runs_start_time ON agent_runs USING brin (start_time);

CREATE TABLE tool_calls (
    trace_id       uuid        NOT NULL,
    span_id        bigint      NOT NULL,
    parent_span_id bigint      NOT NULL,
    start_time     timestamptz NOT NULL,
    end_time       timestamptz NOT NULL,
    received_at    timestamptz NOT NULL,
    status         smallint    NOT NULL,
    error_type     text,
    service_name   text,
    environment    text,
    tool_name      text        NOT NULL,
    call_id        text,
    success        boolean     NOT NULL,
    agent_name     text,
    agent_id       text,
    session_id     text,
    user_id        text,
    run_span_id    bigint,
    attribution    smallint    NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX tool_calls_start_time ON tool_calls USING brin (start_time);
CREATE INDEX tool_calls_pending ON tool_calls (received_at) WHERE attribution = 0;

-- Other spans: only the parent link, kept for a short time so calls beneath them find their agent run.
CREATE TABLE span_links (
    trace_id       uuid        NOT NULL,
    span_id        bigint      NOT NULL,
    parent_span_id bigint      NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX span_links_received_at ON span_links USING brin (received_at);

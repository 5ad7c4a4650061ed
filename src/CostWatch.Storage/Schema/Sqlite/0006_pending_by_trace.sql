-- The pending calls of a trace, found by trace: the attribution worker looks them up for every committed agent
-- run, and through the primary key that read every call of the trace, attributed or not. These indexes hold only
-- the calls still pending. llm_calls_pending (by received_at) stays for the settle sweep, oldest first.
CREATE INDEX llm_calls_pending_trace ON llm_calls (trace_id) WHERE attribution = 0;
CREATE INDEX tool_calls_pending_trace ON tool_calls (trace_id) WHERE attribution = 0;

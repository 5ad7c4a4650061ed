-- The pending calls of a trace, found by trace. Every committed agent run makes the attribution worker look for
-- its trace's pending calls (they may be waiting for that run). Through llm_calls_pending (by received_at) that
-- read every pending call each time, and by bitmap: an update leaves the old, pending version of a call in that
-- index until vacuum, and bitmap scans never mark such entries dead, so the read grew with every call attributed
-- since the last vacuum (about 20 ms per lookup of 8,000 traces under the ingest benchmark). These indexes are
-- probed once per trace by plain index scans, which mark dead entries as they meet them.
-- llm_calls_pending stays: the settle sweep pages through pending calls oldest first.
CREATE INDEX llm_calls_pending_trace ON llm_calls (trace_id) WHERE attribution = 0;
CREATE INDEX tool_calls_pending_trace ON tool_calls (trace_id) WHERE attribution = 0;

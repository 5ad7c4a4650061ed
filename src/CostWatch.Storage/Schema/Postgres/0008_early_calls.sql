-- A rollup pass counts the iterations of a run that did not report them from the LLM calls of its own window, as
-- it reads them, instead of probing llm_calls once per run: on PostgreSQL under the ingest benchmark the probes
-- made each run's read cost four times as much (docs/rollups.md). That count misses a call that was rolled up before
-- its run was: one attributed to a run that was not stored, or not yet rolled up, when the call's pass took it.
-- The worker writes no such call (it attributes a call in its run's transaction, or after the run was stored),
-- but a store's caller may. The pass that takes such a call notes it here, by run; the pass that rolls the run
-- up adds the calls noted to its count and deletes the row. Normally empty.
CREATE TABLE rollup_early_calls (
    trace_id    uuid    NOT NULL,
    run_span_id bigint  NOT NULL,
    calls       integer NOT NULL,
    PRIMARY KEY (trace_id, run_span_id)
);

-- Calls rolled up by earlier schemas before their run was, whose run is still to be rolled up: the passes of
-- those schemas found them by probing, the passes from now on find them here.
INSERT INTO rollup_early_calls (trace_id, run_span_id, calls)
SELECT c.trace_id, c.run_span_id, COUNT(*)
FROM llm_calls c, rollup_progress p
WHERE p.id = 1 AND c.attribution <> 0 AND c.run_span_id IS NOT NULL AND c.change_seq < p.done
  AND NOT EXISTS (SELECT 1 FROM agent_runs r
                  WHERE r.trace_id = c.trace_id AND r.span_id = c.run_span_id AND r.change_seq < p.done)
GROUP BY c.trace_id, c.run_span_id;

-- Every rollup pass adds to rows that earlier passes wrote: a minute's rows for as long as the minute lasts, an
-- hour's and a day's all hour and all day long, and the alert samples likewise. With pages filled to the brim
-- (PostgreSQL's default), each such update put the row's new version on another page and a new entry in every
-- index of the table. Leaving 30% of each page free lets most of them stay on their page without touching an
-- index (a heap-only tuple), and the space is used again once the old versions are pruned. Measured on
-- PostgreSQL 15, six passes of 60,000 updates each: 300-400 ms instead of 570-700 ms a pass, 9-13 MB of WAL
-- instead of 22-25 MB, and the table stayed at 27 MB where it grew to 41 MB (docs/benchmarks.md).
-- It applies to pages written from now on; a database migrated from an older schema gets it as its rows turn over.
ALTER TABLE llm_rollups SET (fillfactor = 70);
ALTER TABLE run_rollups SET (fillfactor = 70);
ALTER TABLE tool_rollups SET (fillfactor = 70);
ALTER TABLE alert_run_iterations SET (fillfactor = 70);
ALTER TABLE alert_run_durations SET (fillfactor = 70);
ALTER TABLE alert_tool_calls SET (fillfactor = 70);
ALTER TABLE alert_llm_calls SET (fillfactor = 70);
ALTER TABLE alert_agents SET (fillfactor = 70);

-- SQLite's schema 5 stores the rollup and alert sample tables in primary-key order (WITHOUT ROWID). PostgreSQL
-- has no such table kind and reads these ranges through its primary-key indexes already: nothing changes here,
-- and the version number keeps both dialects' schemas in step.
SELECT 1;

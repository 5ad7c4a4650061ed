-- PostgreSQL's schema 7 leaves free space on the pages of the rollup and alert sample tables, so that a pass's
-- updates stay on their page. SQLite updates a row in place in its B-tree and has no such setting: nothing
-- changes here, and the version number keeps both dialects' schemas in step.
SELECT 1;

-- A read-only role for Grafana's PostgreSQL datasource: it can read every table of CostWatch's schema, those
-- that exist now and those CostWatch creates later (schema migrations), and change nothing.
-- psql variables: reader, reader_password, owner (the role CostWatch connects as, which owns its tables).
-- Run by grafana-reader.sh when the postgres container initialises; tests run it through psql too.
\set ON_ERROR_STOP on
CREATE ROLE :"reader" LOGIN PASSWORD :'reader_password';
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'reader') \gexec
GRANT USAGE ON SCHEMA public TO :"reader";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"reader";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO :"reader";

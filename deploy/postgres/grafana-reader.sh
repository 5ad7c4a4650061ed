#!/bin/sh
# docker-entrypoint-initdb.d hook of the postgres image: runs once, when the container initialises an empty data
# directory, before the server accepts TCP connections. Creates Grafana's read-only role (grafana-reader.sql).
set -eu
psql --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v reader="$GRAFANA_DB_USER" -v reader_password="$GRAFANA_DB_PASSWORD" -v owner="$POSTGRES_USER" \
    -f /costwatch/grafana-reader.sql

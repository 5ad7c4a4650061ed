#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md): builds in Release and runs every part, decode, ingest into SQLite and
# PostgreSQL, the cost API and the alert evaluation on both, printing one markdown report. Arguments go to the
# benchmark's `all` mode, for example `./scripts/bench.sh --clients 8 --seconds 30 --report /tmp/bench.md`; a first
# argument naming a mode runs that mode instead (`./scripts/bench.sh api --requests 500`, `./scripts/bench.sh alerts`).
#
# PostgreSQL: COSTWATCH_BENCH_PG (a server-level connection string) when set; otherwise the benchmark starts a
# throwaway cluster with fsync on from the installed server binaries, installing Debian's postgresql package
# here when there are none (the same way scripts/test.sh does).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "bench.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# is_root, ensure_postgres_server (find or install the server binaries).
source scripts/lib/postgres.sh

if [[ -n "${COSTWATCH_BENCH_PG:-}" ]]; then
    log "using PostgreSQL from COSTWATCH_BENCH_PG"
else
    ensure_postgres_server COSTWATCH_BENCH_PG
    log "PostgreSQL server binaries in $pg_bin"
fi

mode=all
typed_mode=""
if [[ $# -gt 0 && "$1" =~ ^(decode|ingest|api|alerts|notify|all)$ ]]; then
    mode="$1"
    typed_mode=" $1"
    shift
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Build output to stderr: stdout carries only the markdown report.
dotnet build bench/CostWatch.Benchmarks/CostWatch.Benchmarks.csproj -c Release -v quiet -nologo >&2

# The report quotes the command as it was typed.
export COSTWATCH_BENCH_COMMAND="./scripts/bench.sh${typed_mode}${*:+ $*}"
exec dotnet bench/CostWatch.Benchmarks/bin/Release/net10.0/CostWatch.Benchmarks.dll "$mode" "$@"

#!/usr/bin/env bash
# The project's test command, locally and in CI (.ci/run): builds and runs every test project against a real
# PostgreSQL, then prints one line "tests: N passed, N failed, N skipped".
#
# PostgreSQL: COSTWATCH_TEST_PG when set; otherwise a throwaway cluster started here from the installed server
# binaries (installing Debian's postgresql package when there are none) and removed on exit. The cluster lives
# in a temp dir on a free port, so the package's own "main" cluster, running or not, plays no part.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/costwatch-test.XXXXXX")"
pg_dir=""
pg_bin=""
pg_started=false

log() { echo "test.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# is_root, ensure_postgres_server (find or install the server binaries).
source scripts/lib/postgres.sh

# Runs a command as the postgres OS user when we are root (the server refuses to run as root), else as us.
as_pg() {
    if ! is_root; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

cleanup() {
    local status=$?
    if [[ "$pg_started" == true ]]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || log "could not stop PostgreSQL in $pg_dir"
    fi
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT
# Ctrl+C or a CI cancellation still stops the server: exiting runs the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM

# Tries ports from a random base; a port is free when nothing accepts a connection on it.
free_port() {
    local port base=$((20000 + RANDOM % 20000))
    for ((port = base; port < base + 200; port++)); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free TCP port found in $base..$((base + 199))"
}

start_postgres() {
    ensure_postgres_server COSTWATCH_TEST_PG

    pg_dir="$work_dir/pg"
    mkdir -m 700 "$pg_dir"
    if is_root; then
        # Only the cluster's directory is the postgres user's; it cannot read the rest of the work dir.
        chmod 711 "$work_dir"
        chown postgres "$pg_dir"
    fi

    log "starting a throwaway PostgreSQL from $pg_bin"
    # cd: initdb and pg_ctl complain when the postgres user cannot read the current directory.
    (cd "$pg_dir" && as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1) \
        || { cat "$pg_dir/initdb.log" >&2; die "initdb failed"; }

    local port attempt
    # The port can be taken between the probe and the bind: a few attempts.
    for attempt in 1 2 3; do
        port="$(free_port)"
        if (cd "$pg_dir" && as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
            -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null); then
            pg_started=true
            export COSTWATCH_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
            log "PostgreSQL listening on 127.0.0.1:$port"
            return
        fi
        log "PostgreSQL did not start on port $port (attempt $attempt)"
    done
    cat "$pg_dir/log" >&2 || true
    die "PostgreSQL did not start"
}

# promtool (Debian's prometheus package) lints the /metrics scrape output and the Prometheus rules; its prometheus
# binary serves the dashboard tests (started by the tests themselves). Only the binaries are needed: the
# package's service is kept from starting. Without promtool the lint test is skipped, or fails with CI=true.
ensure_prometheus() {
    command -v promtool >/dev/null 2>&1 && return
    local sudo=()
    if ! is_root; then
        if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
            log "promtool is missing and installing the 'prometheus' package needs root or passwordless sudo; the promtool test will not run"
            return
        fi
        sudo=(sudo -n)
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "promtool is missing and apt-get is not available; the promtool test will not run"
        return
    fi
    log "installing promtool (apt-get install prometheus)"
    # invoke-rc.d asks policy-rc.d whether to start a service; 101 means no. Only a policy we add is removed.
    local policy=/usr/sbin/policy-rc.d added_policy=false
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\n# Added by CostWatch scripts/test.sh while installing prometheus.\nexit 101\n' \
            | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 755 "$policy"
        added_policy=true
    fi
    local status=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || status=$?
    if [[ "$status" -eq 0 ]]; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus || status=$?
    fi
    if [[ "$added_policy" == true ]]; then
        "${sudo[@]}" rm -f "$policy"
    fi
    [[ "$status" -eq 0 ]] || die "installing the prometheus package failed (exit code $status)"
    command -v promtool >/dev/null 2>&1 || die "the prometheus package was installed but promtool was not found"
}

# docker-compose (Debian's package; no Docker engine needed) checks docker-compose.yml with `docker-compose config`.
ensure_docker_compose() {
    command -v docker-compose >/dev/null 2>&1 && return
    local sudo=()
    if ! is_root; then
        if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
            log "docker-compose is missing and installing it needs root or passwordless sudo; the compose tests will not run"
            return
        fi
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 || { log "docker-compose is missing and apt-get is not available; the compose tests will not run"; return; }
    log "installing docker-compose (apt-get install docker-compose)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose \
        || die "installing the docker-compose package failed"
}

# python3-aiosmtpd (Debian's package) is the real SMTP server of the e-mail tests (tests/CostWatch.TestSupport/
# SmtpServer.cs starts it). Without it those tests are skipped, or fail with CI=true. Debian's python3 is asked
# first: a python3 earlier on the PATH (pyenv) does not see Debian's packages.
has_aiosmtpd() {
    local python
    for python in /usr/bin/python3 "$(command -v python3 2>/dev/null || true)"; do
        [[ -n "$python" && -x "$python" ]] && "$python" -c 'import aiosmtpd.controller' 2>/dev/null && return 0
    done
    return 1
}

ensure_smtp() {
    has_aiosmtpd && return
    local sudo=()
    if ! is_root; then
        if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
            log "python3-aiosmtpd is missing and installing it needs root or passwordless sudo; the e-mail tests will not run"
            return
        fi
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 || { log "python3-aiosmtpd is missing and apt-get is not available; the e-mail tests will not run"; return; }
    log "installing python3-aiosmtpd (apt-get install python3-aiosmtpd)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-aiosmtpd \
        || die "installing the python3-aiosmtpd package failed"
    has_aiosmtpd || die "python3-aiosmtpd was installed but no python3 imports aiosmtpd"
}

# Sums one attribute of <Counters .../> over every TRX file.
trx_counter() {
    local name="$1" total=0 value file
    while IFS= read -r -d '' file; do
        value="$(grep -o '<Counters [^>]*>' "$file" | head -n 1 | sed -n "s/.* $name=\"\([0-9]*\)\".*/\1/p")"
        total=$((total + ${value:-0}))
    done < <(find "$work_dir/results" -name '*.trx' -print0 2>/dev/null)
    echo "$total"
}

if [[ -n "${COSTWATCH_TEST_PG:-}" ]]; then
    log "using PostgreSQL from COSTWATCH_TEST_PG"
else
    start_postgres
fi
ensure_prometheus
ensure_docker_compose
ensure_smtp

# CI (CI=true) is inherited: it makes tests that need PostgreSQL fail instead of skip when it is missing.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
test_status=0
# One TRX per test project. LogFilePrefix, not LogFileName=results.trx: with a fixed name every project
# overwrites the previous project's file and the summary would count only the last one.
dotnet test CostWatch.sln -c Release \
    --logger "trx;LogFilePrefix=results" \
    --results-directory "$work_dir/results" || test_status=$?

total="$(trx_counter total)"
passed="$(trx_counter passed)"
failed=$(($(trx_counter failed) + $(trx_counter error) + $(trx_counter timeout) + $(trx_counter aborted)))
# TRX has no skipped counter (notExecuted stays 0): a skipped test is counted but not executed.
skipped=$((total - $(trx_counter executed)))
echo "tests: $passed passed, $failed failed, $skipped skipped"

if [[ "$test_status" -ne 0 ]]; then
    die "dotnet test failed (exit code $test_status)"
fi
if [[ "$failed" -ne 0 ]]; then
    die "$failed test(s) failed"
fi
if [[ "$passed" -eq 0 ]]; then
    die "no tests ran ($total found): the test run is broken"
fi

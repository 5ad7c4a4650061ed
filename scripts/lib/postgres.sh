# PostgreSQL server binaries for scripts/test.sh and scripts/bench.sh: finding them, installing Debian's
# postgresql package when there are none. Sourced, not run; the sourcing script defines log and die.

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Prints the directory holding initdb and pg_ctl, or nothing. pg_config alone can come from libpq-dev, whose
# bindir has no server, hence the check for initdb.
find_pg_bin() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return
        fi
    fi
    if command -v initdb >/dev/null 2>&1; then
        dir="$(dirname "$(command -v initdb)")"
        if [[ -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return
        fi
    fi
    # Debian's layout, newest major version first.
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r | head -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        echo "$dir"
    fi
}

# $1: the environment variable that points at an existing server instead, named in the error messages.
install_postgres() {
    local env_var="$1"
    local sudo=()
    if ! is_root; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
            || die "PostgreSQL is not installed and installing it needs root or passwordless sudo: install the 'postgresql' package or set $env_var."
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 \
        || die "PostgreSQL is not installed and apt-get is not available: install PostgreSQL or set $env_var."
    log "installing PostgreSQL (apt-get)"
    # A fresh machine has empty package lists.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
}

# Sets pg_bin to the server binaries' directory, installing them first when there are none, and makes sure the
# postgres OS user exists when we are root (the server refuses to run as root). $1 as for install_postgres.
ensure_postgres_server() {
    pg_bin="$(find_pg_bin)"
    if [[ -z "$pg_bin" ]]; then
        install_postgres "$1"
        pg_bin="$(find_pg_bin)"
        [[ -n "$pg_bin" ]] || die "PostgreSQL was installed but initdb/pg_ctl were not found"
    fi
    if is_root && ! id postgres >/dev/null 2>&1; then
        useradd --system --home /var/lib/postgresql postgres
    fi
}

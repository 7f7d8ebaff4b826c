# A throwaway PostgreSQL 15 for CI, the benchmark and the load test. Source this file, then:
#   trap pg_stop EXIT; pg_start || exit 1; export DATABASE_URL=$PG_URL
# The server runs as user postgres when we are root (it refuses root), on a free port from
# PG_PORT up, with its data in a temporary folder that pg_stop removes.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-54329}
PG_TMP=""
PG_URL=""

pg_as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then
        (cd "$PG_TMP" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pg_port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Returns non-zero on failure (callers use it as an `if` condition, where `set -e` is off).
# Extra arguments are server settings, e.g. pg_start -c shared_buffers=512MB
pg_start() {
    [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL 15 not found in $PG_BIN (make install installs it)" >&2; return 1; }
    while ! pg_port_is_free "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
    PG_TMP=$(mktemp -d -t twintowns-pg.XXXXXX) || return 1
    chmod 755 "$PG_TMP"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$PG_TMP" || return 1; fi
    pg_as_postgres "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    local options="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off $*"
    pg_as_postgres "$PG_BIN/pg_ctl" start -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "$options" >/dev/null \
        || { cat "$PG_TMP/server.log" >&2; return 1; }
    pg_as_postgres "$PG_BIN/psql" -h "$PG_TMP" -p "$PG_PORT" -U postgres -d postgres -qAt \
        -v ON_ERROR_STOP=1 -c "CREATE ROLE twintowns LOGIN CREATEDB PASSWORD 'twintowns'" \
        -c "CREATE DATABASE twintowns OWNER twintowns" || return 1
    PG_URL="postgres://twintowns:twintowns@127.0.0.1:$PG_PORT/twintowns"
    echo "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PG_PORT, data in $PG_TMP"
}

pg_stop() {
    if [[ -n "$PG_TMP" && -d "$PG_TMP" ]]; then
        if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
            echo "Stopping PostgreSQL"
            pg_as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_TMP/data" -m fast -w >/dev/null || true
        fi
        rm -rf "$PG_TMP"
    fi
    PG_TMP=""
}

#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for parallax's server mode: initdb
# into a fresh folder as an unprivileged user, listening on loopback only
# (and on a socket in that folder), trust authentication for one user,
# `parallax`. Prints the URL to give `--db` (or PARALLAX_DB), and, for the
# tests, the line to export:
#
#     eval "$(bash scripts/dev-postgres.sh)"      # exports PARALLAX_TEST_POSTGRES
#     parallax --db "$PARALLAX_TEST_POSTGRES" ingest ../shared/seeds
#
# Installs Debian's `postgresql` package first when no server is on the
# machine (as root, or with passwordless sudo). Stop the cluster with
# `bash scripts/dev-postgres.sh stop DIR` (DIR is printed, and exported as
# PARALLAX_PG_DIR); it lives in a temporary folder and nothing else on the
# machine is touched.
#
# Environment: PARALLAX_PG_DIR (the folder, default a new one under
# /tmp), PARALLAX_PG_PORT (default: a free port).
set -euo pipefail

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# `dev-postgres.sh stop DIR`: stops the cluster started in DIR.
if [ "${1:-}" = stop ]; then
    DIR="${2:?usage: dev-postgres.sh stop DIR}"
    AS=()
    if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); fi
    "${AS[@]}" "$(find_bin)/pg_ctl" -D "$DIR/data" -m fast stop >&2
    rm -rf "$DIR"
    exit 0
fi

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "== installing postgresql (Debian packages)" >&2
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    BIN="$(find_bin)"
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "error: no PostgreSQL server found under /usr/lib/postgresql, and it could not be installed" >&2
    exit 1
fi

DIR="${PARALLAX_PG_DIR:-$(mktemp -d /tmp/parallax-pg.XXXXXX)}"
mkdir -p "$DIR"
PORT="${PARALLAX_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

# initdb refuses to run as root: the cluster then belongs to `postgres`.
AS=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$DIR"
    AS=(runuser -u postgres --)
fi

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U parallax --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    exit 1
}
# Durability is not what a throwaway cluster is for: no fsync makes the
# tests several times faster.
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2
echo "PostgreSQL running in $DIR on 127.0.0.1:$PORT (stop: bash scripts/dev-postgres.sh stop $DIR)" >&2
echo "export PARALLAX_TEST_POSTGRES=postgres://parallax@127.0.0.1:$PORT/postgres"
echo "export PARALLAX_PG_DIR=$DIR"

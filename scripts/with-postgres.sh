#!/usr/bin/env bash
# Usage: bash scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throw-away PostgreSQL 15 (listening on 127.0.0.1 only, trust auth, fsync off),
# exports DATABASE_URL=postgres://postgres@127.0.0.1:PORT/luukku_test, runs CMD, then stops
# the server and removes its data directory — also when CMD fails or is interrupted — and
# exits with CMD's exit code. Set PG_BIN to use binaries from another folder, PG_PORT to
# choose the port (default: the first free one from 55432).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ] || [ ! -x "$PG_BIN/postgres" ]; then
  cat >&2 <<MSG
with-postgres.sh: PostgreSQL 15 server binaries not found in $PG_BIN.
Install them with:
    sudo apt-get install postgresql-15
(or set PG_BIN to the folder that holds initdb, pg_ctl and postgres).
MSG
  exit 127
fi

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
PORT="${PG_PORT:-}"
if [ -z "$PORT" ]; then
  for p in $(seq 55432 55532); do
    if port_free "$p"; then PORT="$p"; break; fi
  done
fi
if [ -z "$PORT" ]; then
  echo "with-postgres.sh: no free port in 55432-55532" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: as root, run it as the `postgres` user.
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres.sh: running as root but there is no 'postgres' user (apt-get install postgresql-15 creates it)" >&2
    exit 1
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

DATA_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/luukku-pg.XXXXXX")"
[ "$(id -u)" -eq 0 ] && chown postgres: "$DATA_ROOT"
PGDATA="$DATA_ROOT/data"
LOG="$DATA_ROOT/postgres.log"

cleanup() {
  local code=$?
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA_ROOT"
  return "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DATA_ROOT/initdb.log" 2>&1 || {
  cat "$DATA_ROOT/initdb.log" >&2
  exit 1
}

if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 30 start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  >/dev/null; then
  echo "with-postgres.sh: PostgreSQL did not start; its log:" >&2
  cat "$LOG" >&2 || true
  exit 1
fi

as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAt -c "CREATE DATABASE luukku_test" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/luukku_test"
echo "with-postgres.sh: PostgreSQL 15 on 127.0.0.1:$PORT (DATABASE_URL=$DATABASE_URL)" >&2

set +e
"$@"
status=$?
set -e
exit "$status"

#!/usr/bin/env bash
# Usage: bash scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throw-away PostgreSQL 15 (listening on 127.0.0.1 only, trust auth, fsync off),
# exports DATABASE_URL=postgres://postgres@127.0.0.1:PORT/luukku_test, runs CMD, then stops
# the server and removes its data directory — also when CMD fails or is interrupted — and
# exits with CMD's exit code. The port is one the operating system reports free (so a
# second run, or a developer's own PostgreSQL on 5432, does not get in the way); if another
# program takes it before PostgreSQL binds it, another one is tried. Set PG_BIN to use
# binaries from another folder, PG_PORT to choose the port yourself.
# The instance is tuned for tests (fsync, synchronous_commit and full_page_writes off);
# scripts/bench/load.ts switches fsync and synchronous_commit on for its production figures.
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

# A port the OS reports free right now (bind to port 0, read it, release it).
free_port() {
  node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

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

# Test tuning in postgresql.conf, not on the command line: a command-line setting would beat
# ALTER SYSTEM, and the load bench switches durability back on with ALTER SYSTEM.
cat >>"$PGDATA/postgresql.conf" <<'CONF'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

started=""
for attempt in 1 2 3 4 5; do
  PORT="${PG_PORT:-$(free_port)}"
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_ROOT -c max_connections=200" \
    >/dev/null; then
    started=1
    break
  fi
  # Taken between our check and PostgreSQL's bind: try another port (unless one was chosen).
  if [ -n "${PG_PORT:-}" ] || ! grep -q "could not bind\|Address already in use" "$LOG" 2>/dev/null; then break; fi
done
if [ -z "$started" ]; then
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

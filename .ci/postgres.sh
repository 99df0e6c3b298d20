#!/usr/bin/env bash
# Runs the Postgres adapter's tests (test/postgres) against a real PostgreSQL server as well as
# PGlite, then the contention run (issue 8 item 6: 8 processes × 8 calls in flight on two images;
# fails when 1 in 1,000 calls or more ends in ConcurrentModification): installs Debian's
# postgresql if missing, starts a throw-away server on 127.0.0.1 on a free port (temp data dir,
# trust auth), runs both with DATABASE_URL, and always stops and removes the server.
# Usage: .ci/postgres.sh [extra vitest args]   (CONTENTION=0 skips the contention run)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# Postgres refuses to run as root: then the server runs as the `postgres` user.
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DATA_DIR="$(mktemp -d /tmp/cis-pg.XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DATA_DIR"; fi
PORT="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

stop_server() {
  run_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
}
trap stop_server EXIT

# An ICU en-US default collation on purpose: the store must order ids and times by code unit
# (its columns are COLLATE "C") whatever the database's locale. Falls back to the default locale.
run_pg "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 --locale-provider=icu --icu-locale=en-US --locale=C.UTF-8 >/dev/null \
  || run_pg "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w \
  -o "-p $PORT -k $DATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
run_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres cis_test

echo "postgres.sh: $("$PG_BIN/postgres" --version) on 127.0.0.1:$PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/cis_test"
npx vitest run test/postgres --coverage.enabled=false "$@"
if [ "${CONTENTION:-1}" != "0" ]; then
  npx tsx bench/contention/run.ts
fi

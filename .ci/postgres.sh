#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store tests; writes .ci/pg.env.
set -euo pipefail
cd "$(dirname "$0")"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "no PostgreSQL installed"; exit 1; }
data=/tmp/rashomon-pg
# a server left running by an earlier call is stopped first, so the script can be re-run
if [ -f "$data/postmaster.pid" ]; then
  su postgres -c "$bindir/pg_ctl -D $data -m fast -w stop" >/dev/null 2>&1 || true
fi
rm -rf "$data"; mkdir -p "$data"; chown postgres "$data" 2>/dev/null || true
su postgres -c "$bindir/initdb -D $data -A trust -U postgres" >/dev/null
su postgres -c "$bindir/pg_ctl -D $data -o '-p 54329 -k /tmp -c listen_addresses=127.0.0.1' -l $data/log -w start" >/dev/null
su postgres -c "psql -h 127.0.0.1 -p 54329 -U postgres -c 'CREATE DATABASE rashomon_test'" >/dev/null
echo "export RASHOMON_TEST_PG=postgresql://postgres@127.0.0.1:54329/rashomon_test" > pg.env
echo "PostgreSQL started on 127.0.0.1:54329"

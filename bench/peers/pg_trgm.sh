#!/usr/bin/env bash
# Peer: PostgreSQL pg_trgm on a real server that this script starts in a temporary directory
# and always stops (trap), listening only on a unix socket in that directory (no TCP port, so
# it cannot collide with another server). Debian's postgresql-15 and postgresql-contrib.
#
# Usage: bench/peers/pg_trgm.sh UNIVERSE.TSV RESULTS_PREFIX QUERIES.TSV... [-- OPTIONS]
#   OPTIONS go to pg_trgm_screen.py (--index gin|gist, --threshold T).
# Prints pg_trgm_screen.py's JSON lines. PGBIN overrides /usr/lib/postgresql/15/bin.
#
# The server is tuned for a benchmark, not for safety: fsync off (the data is reloaded on every
# run) and the planner's defaults otherwise. initdb refuses to run as root, so as root the
# server runs as the postgres user that Debian's package creates.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
py=${PYTHON:-/usr/bin/python3}

args=()
opts=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; opts=("$@"); break; fi
  args+=("$1"); shift
done
if [ ${#args[@]} -lt 3 ]; then
  echo "usage: pg_trgm.sh UNIVERSE.TSV RESULTS_PREFIX QUERIES.TSV... [-- OPTIONS]" >&2
  exit 2
fi
for b in initdb pg_ctl; do
  if [ ! -x "$pgbin/$b" ]; then
    echo "pg_trgm.sh: $pgbin/$b missing (scripts/install-deps.sh --bench)" >&2
    exit 1
  fi
done

dir=$(mktemp -d /tmp/lookout-pgtrgm-XXXXXX)
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi
started=0
cleanup() {
  if [ "$started" = 1 ]; then
    "${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U bench -E UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
started=1

"$py" "$here/pg_trgm_screen.py" "host=$dir dbname=postgres user=bench" "${args[@]}" \
  "${opts[@]+"${opts[@]}"}"

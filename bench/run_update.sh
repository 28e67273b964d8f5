#!/usr/bin/env bash
# List update: what `lookout lists update` costs over `lists import` of the same files, and
# against the script a user would otherwise write (curl the files, then import). OFAC SDN
# 2019-01 is active; the update brings the 2021-07 set (3 files, 3.5 MB) from a loopback HTTP
# server (python3 -m http.server). Also the daily case: an update identical to the active
# version. Medians of hyperfine runs; each run starts from a fresh copy of the store.
# Usage: bench/run_update.sh [BUILD_DIR]   (make bench runs it; UPDATE=0 skips it there)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
data=${LOOKOUT_DATA:-$here/../../shared/data}
runs=${RUNS:-15}
bin=$(cd "$build" && pwd)/lookout
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$data/lists" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
url=http://127.0.0.1:$port
for _ in $(seq 50); do curl -sf -o /dev/null "$url/ofac/sdn-2021-07/sdn.csv" && break; sleep 0.1; done

export LOOKOUT_LISTS_URL= LOOKOUT_LISTS_CONFIG= TMPDIR=$tmp
LOOKOUT_DB=$tmp/base.db "$bin" lists update --quiet --from ofac_sdn="$url/ofac/sdn-2019-01" >/dev/null
LOOKOUT_DB=$tmp/new.db "$bin" lists update --quiet --from ofac_sdn="$url/ofac/sdn-2021-07" >/dev/null
fresh="sh -c 'rm -f $tmp/run.db-wal $tmp/run.db-shm; cp $tmp/base.db $tmp/run.db'"
same="sh -c 'rm -f $tmp/run.db-wal $tmp/run.db-shm; cp $tmp/new.db $tmp/run.db'"
export LOOKOUT_DB=$tmp/run.db
mkdir -p "$tmp/dl"

hyperfine -N --style basic ${HYPERFINE_FLAGS:-} --runs "$runs" --export-json "$tmp/h.json" \
  --prepare "$fresh" -n "lookout lists update (HTTP, verify, import)" \
    "$bin lists update --quiet --from ofac_sdn=$url/ofac/sdn-2021-07" \
  --prepare "$fresh" -n "curl x3 + lookout lists import (no checks)" \
    "sh -c 'cd $tmp/dl && curl -sfO $url/ofac/sdn-2021-07/sdn.csv -sfO $url/ofac/sdn-2021-07/add.csv -sfO $url/ofac/sdn-2021-07/alt.csv && $bin lists import --quiet --source ofac_sdn $tmp/dl'" \
  --prepare "$fresh" -n "lookout lists import (local files)" \
    "$bin lists import --quiet --source ofac_sdn $data/lists/ofac/sdn-2021-07" \
  --prepare "$same" -n "lookout lists update, nothing changed" \
    "$bin lists update --quiet --from ofac_sdn=$url/ofac/sdn-2021-07" >/dev/null

python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("# list update, OFAC SDN 2019-01 -> 2021-07 over loopback HTTP (median of %d runs)" % len(r[0]["times"]))
print("%-46s %10s %10s" % ("command", "median s", "vs import"))
base = r[2]["median"]
for x in r:
    print("%-46s %10.3f %9.2fx" % (x["command"], x["median"], x["median"] / base))
PY

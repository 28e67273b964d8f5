#!/usr/bin/env bash
# The HTTP server under wrk, on loopback: (1) POST /match/default with one yente-shaped query
# (Wladimir Putin, birth date) - throughput and latency; (2) twice the capacity for 60 s -
# how the excess is answered (200 / 503 / errors, from the server's own /metrics) and the
# server's peak RSS; (3) start to ready with the lists already in the store (process start
# to the first 200 from /readyz; median of 7). The store holds every list `make run` imports.
# yente, the peer a user would otherwise run, is not installable here (Elasticsearch and
# PyPI are out of reach), so there is no side-by-side run.
# Usage: bench/run_serve.sh [BUILD_DIR]   (make bench runs it; SERVE=0 skips it there)
# (4) an index swap under load: wrk on /match while `lists import` makes another OFAC version
# active; every request must get a 200.
#   DURATION=20 OVERLOAD=60 THREADS=2 CONNS=32 to change the runs; MATCH=0, OVER=0, SWAP=0,
#   START=0 skip a part.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
data=${LOOKOUT_DATA:-$here/../../shared/data}
bin=$(cd "$build" && pwd)/lookout
duration=${DURATION:-20}
overload=${OVERLOAD:-60}
threads=${THREADS:-2}
conns=${CONNS:-32}
tmp=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export LOOKOUT_DB=$tmp/lookout.db

LOOKOUT_BIN=$bin LOOKOUT_DATA=$data "$here/../scripts/run.sh" --import-only >/dev/null
cat >"$tmp/match.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"queries":{"q1":{"schema":"Person","properties":{"name":["Wladimir Putin"],"birthDate":["1952-10-07"]}}}}'
LUA

# start QUEUE: start the server with a worker queue of QUEUE, wait until ready
start() {
	rm -f "$tmp/port"
	"$bin" serve --port 0 --quiet --threads "$threads" --queue "$1" --ready-file "$tmp/port" &
	pid=$!
	until [[ -s "$tmp/port" ]] && curl -sf -o /dev/null "http://127.0.0.1:$(cat "$tmp/port")/readyz"; do
		sleep 0.05
	done
	port=$(cat "$tmp/port")
}
stop() { kill "$pid"; wait "$pid" || true; pid=; }
# count CLASS: requests to /match answered with this status class so far
count() {
	curl -s "http://127.0.0.1:$port/metrics" |
		grep -F "lookout_http_requests_total{route=\"POST /match/{dataset}\",code=\"$1\"}" |
		awk '{print $NF} END {if (!NR) print 0}'
}

if [[ ${MATCH:-1} == 1 ]]; then
echo "# /match, one query per request: wrk -t2 -c$conns -d${duration}s, --threads $threads"
start 1024
curl -s -d @<(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$tmp/match.lua") "http://127.0.0.1:$port/match/default" |
	python3 -c 'import json,sys; r=json.load(sys.stdin)["responses"]["q1"]["results"][0]; print("first result:", r["caption"], r["score"], r["match"])'
wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$tmp/match.lua" "http://127.0.0.1:$port/match/default" |
	grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
stop
fi

if [[ ${OVER:-1} == 1 ]]; then
cap=$((threads + 32))
echo
echo "# overload: capacity $cap requests in the server (--threads $threads --queue 32), wrk -c$((2 * cap)) for ${overload}s"
start 32
rss0=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
( peak=0; while kill -0 "$pid" 2>/dev/null; do
	r=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
	((r > peak)) && peak=$r && echo "$peak" >"$tmp/peak"
	sleep 1
done ) &
sampler=$!
wrk -t2 -c$((2 * cap)) -d"${overload}s" --latency -s "$tmp/match.lua" "http://127.0.0.1:$port/match/default" |
	grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors|requests in'
echo "answered 2xx: $(count 2xx)  503: $(count 5xx)  4xx: $(count 4xx)"
echo "RSS: ${rss0} kB at start, peak $(cat "$tmp/peak") kB"
stop
kill "$sampler" 2>/dev/null || true
fi

if [[ ${SWAP:-1} == 1 ]]; then
echo
echo "# index swap under load: wrk -c$conns for ${duration}s; after 3 s, lists import of OFAC SDN 2021-07"
start 1024
( sleep 3; "$bin" lists import --quiet --source ofac_sdn "$data/lists/ofac/sdn-2021-07" >/dev/null
  "$bin" lists import --quiet --source ofac_sdn "$data/lists/ofac/sdn-2024-05-03" >/dev/null ) &
importer=$!
wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$tmp/match.lua" "http://127.0.0.1:$port/match/default" |
	grep -E 'Requests/sec|99%|Non-2xx|Socket errors|requests in'
wait "$importer"
sleep 1
echo "answered 2xx: $(count 2xx)  4xx: $(count 4xx)  5xx: $(count 5xx)  index swaps: $(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "lookout_index_swaps_total" {print $2}')"
stop
fi

[[ ${START:-1} == 1 ]] || exit 0
echo
echo "# start to ready (process start to the first 200 from /readyz), 7 runs"
for i in 1 2 3 4 5 6 7; do
	rm -f "$tmp/port"
	t0=$(date +%s%N)
	"$bin" serve --port 0 --quiet --ready-file "$tmp/port" &
	pid=$!
	until [[ -s "$tmp/port" ]] && curl -sf -o /dev/null "http://127.0.0.1:$(cat "$tmp/port")/readyz"; do
		sleep 0.002
	done
	t1=$(date +%s%N)
	port=$(cat "$tmp/port")
	m=$(curl -s "http://127.0.0.1:$port/metrics")
	own=$(awk '$1 == "lookout_startup_to_ready_seconds" {print $2}' <<<"$m")
	cpu=$(awk '$1 == "lookout_index_build_cpu_seconds" {print $2}' <<<"$m")
	echo "$(( (t1 - t0) / 1000000 )) $own $cpu"
	stop
done | sort -n | awk '{ms[NR]=$1; own[NR]=$2; cpu[NR]=$3} END {printf "median %d ms (min %d, max %d); the server'"'"'s own count %.0f ms, of which index build CPU %.0f ms (medians)\n", ms[4], ms[1], ms[7], own[4]*1000, cpu[4]*1000}'
echo "load average while measuring: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) CPUs"

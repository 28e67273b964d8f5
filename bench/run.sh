#!/usr/bin/env bash
# Benchmarks, side by side in one run. Results go into docs/BENCHMARKS.md by hand, with the
# command: `make bench` (or bench/run.sh BUILD_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
data=${LOOKOUT_DATA:-$here/../../shared/data}
repeat=${REPEAT:-7}

echo "# list parsing: Lookout vs Python stdlib (median of $repeat runs, one core)"
printf '%-34s %10s %12s %14s %12s %10s\n' list entities "parse (s)" "entities/s" "import (s)" "RSS (MB)"
row() {
  python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("%-34s %10d %12.4f %14.0f %12s %10.1f" % (sys.argv[1], d["entities"], d["parse_median_s"], d["entities"]/d["parse_median_s"], ("%.4f" % d["import_median_s"]) if d.get("import_median_s") else "-", d["peak_rss_mb"]))' "$1"
}
ofac=$(taskset -c 0 "$build/bench_parse" --repeat "$repeat" --import "$data/lists/ofac/sdn-2024-05-03/sdn.csv")
un=$(taskset -c 0 "$build/bench_parse" --repeat "$repeat" --import "$data/lists/un/un_consolidated_20260227.xml")
uk=$(taskset -c 0 "$build/bench_parse" --repeat "$repeat" --import "$data/lists/uk/hmt_ofsi_ConList_20180413.csv")
py_ofac=$(taskset -c 0 python3 "$here/peers/parse_python.py" ofac "$data/lists/ofac/sdn-2024-05-03/sdn.csv" "$repeat")
py_un=$(taskset -c 0 python3 "$here/peers/parse_python.py" un "$data/lists/un/un_consolidated_20260227.xml" "$repeat")
echo "$ofac" | row "lookout  OFAC sdn.csv 2024-05-03"
echo "$py_ofac" | row "python   OFAC sdn.csv 2024-05-03"
echo "$un" | row "lookout  UN consolidated 2026-02-27"
echo "$py_un" | row "python   UN consolidated 2026-02-27"
echo "$uk" | row "lookout  UK ConList 2018-04-13"
python3 - "$ofac" "$py_ofac" "$un" "$py_un" <<'PY'
import json, sys
lo, po, lu, pu = (json.loads(a) for a in sys.argv[1:])
print("ratio python/lookout parse time: OFAC %.1fx, UN %.1fx" %
      (po["parse_median_s"] / lo["parse_median_s"], pu["parse_median_s"] / lu["parse_median_s"]))
PY

# Screening: Lookout next to pg_trgm, thefuzz and an OFAC-style scan on the same names and
# queries (bench/run_screen.sh; SCREEN=0 skips it).
if [ "${SCREEN:-1}" = 1 ]; then
  echo
  "$here/run_screen.sh" "$build"
fi

# AIS detection: the full detector pipeline on 10^8 generated messages of 350,000 vessels (a
# global day is 5 x 10^8), the generator alone for subtraction, and a run with a 6 h window
# that shows memory bounded by the window (AIS=0 skips it; AIS_MESSAGES changes the size).
if [ "${AIS:-1}" = 1 ]; then
  echo
  echo "# AIS detection (bench_ais_detect; one core; JSON per run)"
  n=${AIS_MESSAGES:-100000000}
  eez="$data/geo/eez_prk.geojson"
  "$build/bench_ais_detect" --messages "$n" --vessels 350000 --eez "$eez"
  "$build/bench_ais_detect" --messages "$n" --vessels 350000 --eez "$eez" --gen-only
  "$build/bench_ais_detect" --messages "$n" --vessels 100000 --eez "$eez" --window-h 6
  "$build/bench_ais_detect" --messages $((n / 10)) --vessels 350000 --eez "$eez" \
    --lists "$data/lists/ofac/sdn-2024-05-03/sdn.csv"
fi

# List update over loopback HTTP next to curl + import (bench/run_update.sh; UPDATE=0 skips it).
if [ "${UPDATE:-1}" = 1 ]; then
  echo
  "$here/run_update.sh" "$build"
fi

# Monitoring: 1M customers, full and delta runs (bench/run_monitor.sh; MONITOR=0 skips it).
if [ "${MONITOR:-1}" = 1 ]; then
  echo
  "$here/run_monitor.sh" "$build"
fi

# Scanning: scan-text on the news-like corpus of packaged prose (install-deps.sh --bench) and
# on the dense synthetic corpus (with inserted names, and as written), next to a naive scanner
# that screens every 1-3 word n-gram; scan-payment messages/s (bench/bench_scan.c; SCAN=0
# skips it). CPU time of one thread.
if [ "${SCAN:-1}" = 1 ]; then
  echo
  echo "# scanning (bench_scan, one thread, CPU time)"
  taskset -c 0 "$build/bench_scan" --data "$data" --docs 2000 --passes 3 --naive-docs 20 --messages 20000 --names 4
  taskset -c 0 "$build/bench_scan" --data "$data" --docs 2000 --passes 3 --naive-docs 20 --messages 2000 --names 0 --news-mb 0
fi

# The HTTP server under wrk: /match throughput and latency, 2x overload, start to ready
# (bench/run_serve.sh; SERVE=0 skips it).
if [ "${SERVE:-1}" = 1 ]; then
  echo
  "$here/run_serve.sh" "$build"
fi

# AIS decoding: Lookout next to gpsdecode on the real gpsd logs repeated to 10 million
# sentences and on simulated traffic (bench/bench_ais_decode.sh; AIS=0 skips it).
if [ "${AIS:-1}" = 1 ]; then
  echo
  "$here/bench_ais_decode.sh" "$build"
fi

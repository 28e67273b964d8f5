#!/usr/bin/env bash
# Monitoring at scale (bench/bench_monitor.c): 1,000,000 synthetic customers (0.1 % seeded
# with OFAC names), a full monitoring run, a 100-entity list change and the delta run; peak
# memory. Usage: bench/run_monitor.sh [BUILD_DIR] (CUSTOMERS=N, THREADS=T to change the size).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
export LOOKOUT_DATA=${LOOKOUT_DATA:-$here/../../shared/data}
customers=${CUSTOMERS:-1000000}
threads=${THREADS:-2}
echo "# monitoring: $customers customers, $threads threads"
out=$("$build/bench_monitor" --customers "$customers" --threads "$threads")
echo "$out"
python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
print("full run %.1f s wall (%.1f s CPU), %d alerts; delta run after %d added entities %.1f s wall"
      " (%.1f s CPU: index %.1f s, customers read and ranked by stored keys %.1f s),"
      " %d candidates, %d alerts; customer import %.1f s; peak RSS %.0f MB"
      % (d["full_run_s"], d["full_run_cpu_s"], d["full_alerts"], d["delta_entities"],
         d["delta_run_s"], d["delta_run_cpu_s"], d["delta_index_s"], d["delta_rank_s"],
         d["delta_candidates"], d["delta_alerts"], d["import_s"], d["peak_rss_mb_delta"]))
PY

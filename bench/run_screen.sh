#!/usr/bin/env bash
# Screening benchmark: Lookout and the peers users pick instead, side by side in one run, on
# the same queries and the same name universe (docs/BENCHMARKS.md). Called by bench/run.sh;
# on its own: bench/run_screen.sh [BUILD_DIR].
#
# Steps: the universe (bench_export_names: every name of UN 2026, OFAC sdn-2024-05-03 and
# UK 2018), the queries (bench/peers/screen_queries.py: 683 treated UN positives and 9,317
# negatives, shuffled with a seed, and a sample of 150 + 150 for the slow peers) and the
# issue's multilingual queries (bench/peers/issue_queries.tsv: Putin, Lavrov, Belousov and
# Kim Jong Un as the news and other scripts write them, and three names that are not listed),
# then
#   Lookout   bench_screen latency (10,000 queries and the sample), batch, scale
#   pg_trgm   a real PostgreSQL 15 server, GIN + % top-10 on the 10,000 and the sample,
#             GiST k-nearest on the sample
#   thefuzz   process.extract(token_sort_ratio) full scans on the sample
#   OFAC-style Jaro-Winkler + Soundex full scans on the sample
# and screen_report.py's tables. Raw JSON and per-query results stay in OUT.
#
# Knobs (environment): OUT (default BUILD_DIR/bench-screen), SAMPLE_POS/SAMPLE_NEG (150/150),
# ROWS (batch rows, 1000000), THREADS (2), BATCH_MAX_S (stop the batch after this many seconds
# and report its rate and the time all ROWS would take; 120, 0 for no limit), ENTITIES (scale,
# 1000000), SEED (20260227),
# PG_FULL=0 to run pg_trgm on the sample only. Single-threaded systems run pinned to CPU 0
# when taskset exists; PostgreSQL's server process is not pinned (it gets a core of its own).
# Lookout and pg_trgm time every query three times and keep its median (a scheduler tick lost
# to another process would otherwise make the p99); the full scans (tens of milliseconds a
# query) and the 1,000,000-entity index (milliseconds) run once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
data=${LOOKOUT_DATA:-$here/../../shared/data}
out=${OUT:-$build/bench-screen}
py=/usr/bin/python3 # Debian's Python: the peers are Debian packages (python3-thefuzz, ...)
seed=${SEED:-20260227}
peers=$here/peers
issue=$peers/issue_queries.tsv
mkdir -p "$out"
rm -f "$out"/*.tsv "$out"/*.json "$out"/*.jsonl "$out"/*.md

"$here/../scripts/install-deps.sh" --bench

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
echo "# screening: $(nproc) cores, $cpu; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench_export_names" --data "$data" --out "$out/universe.tsv" 2>"$out/universe.json"
"$py" "$peers/screen_queries.py" "$out/universe.tsv" "$data/eval/yente_benchmark" \
  "$out/queries.tsv" "$out/sample.tsv" --seed "$seed" \
  --sample-pos "${SAMPLE_POS:-150}" --sample-neg "${SAMPLE_NEG:-150}" >"$out/queries.json"
echo "universe $(cat "$out/universe.json"); queries $(cat "$out/queries.json")"

lookout=0
if [ -x "$build/bench_screen" ]; then
  lookout=1
  echo "## Lookout"
  "${pin[@]}" "$build/bench_screen" latency --data "$data" --queries "$out/queries.tsv" \
    --results "$out/lookout.queries.tsv" | tee "$out/lookout-latency.json"
  "${pin[@]}" "$build/bench_screen" latency --data "$data" --queries "$out/sample.tsv" \
    --builds 1 --results "$out/lookout.sample.tsv" >"$out/lookout-sample.json"
  "${pin[@]}" "$build/bench_screen" latency --data "$data" --queries "$issue" --builds 1 \
    --warmup 0 --results "$out/lookout.issue_queries.tsv" >"$out/lookout-issue.json"
  "$build/bench_screen" batch --data "$data" --queries "$out/queries.tsv" \
    --rows "${ROWS:-1000000}" --threads "${THREADS:-2}" --max-seconds "${BATCH_MAX_S:-120}" \
    | tee "$out/lookout-batch.json"
  "${pin[@]}" "$build/bench_screen" scale --data "$data" --queries "$out/queries.tsv" \
    --entities "${ENTITIES:-1000000}" --seed "$seed" --passes 1 | tee "$out/lookout-scale.json"
else
  echo "## Lookout: $build/bench_screen not built; running the peers only"
fi

echo "## PostgreSQL pg_trgm"
pg_sets=("$out/sample.tsv" "$issue")
if [ "${PG_FULL:-1}" = 1 ]; then pg_sets+=("$out/queries.tsv"); fi
"$peers/pg_trgm.sh" "$out/universe.tsv" "$out/pg_gin" "${pg_sets[@]}" -- --index gin \
  | tee "$out/pg_gin.json"
"$peers/pg_trgm.sh" "$out/universe.tsv" "$out/pg_gist" "$out/sample.tsv" "$issue" \
  -- --index gist \
  | tee "$out/pg_gist.json"

echo "## thefuzz"
"${pin[@]}" "$py" "$peers/thefuzz_scan.py" "$out/universe.tsv" "$out/sample.tsv" \
  "$out/thefuzz.sample.tsv" | tee "$out/thefuzz.json"
"${pin[@]}" "$py" "$peers/thefuzz_scan.py" "$out/universe.tsv" "$issue" \
  "$out/thefuzz.issue_queries.tsv" >/dev/null
echo "## OFAC-style Jaro-Winkler + Soundex"
"${pin[@]}" "$py" "$peers/ofac_jw_scan.py" "$out/universe.tsv" "$out/sample.tsv" \
  "$out/ofacjw.sample.tsv" | tee "$out/ofacjw.json"
"${pin[@]}" "$py" "$peers/ofac_jw_scan.py" "$out/universe.tsv" "$issue" \
  "$out/ofacjw.issue_queries.tsv" >/dev/null

echo
echo "## side by side: the sample, every system"
sys=()
if [ "$lookout" = 1 ]; then sys+=("Lookout=$out/lookout.sample.tsv"); fi
sys+=("pg_trgm GIN, % 0.3=$out/pg_gin.sample.tsv" "pg_trgm GiST, k-NN=$out/pg_gist.sample.tsv"
      "thefuzz token_sort_ratio=$out/thefuzz.sample.tsv"
      "OFAC-style JW + Soundex=$out/ofacjw.sample.tsv")
"$py" "$peers/screen_report.py" "$out/sample.tsv" "${sys[@]}" --json "$out/report.jsonl" \
  | tee "$out/report.md"
echo
echo "## side by side: the issue's multilingual queries"
sys=()
if [ "$lookout" = 1 ]; then sys+=("Lookout=$out/lookout.issue_queries.tsv"); fi
sys+=("pg_trgm GIN, % 0.3=$out/pg_gin.issue_queries.tsv"
      "pg_trgm GiST, k-NN=$out/pg_gist.issue_queries.tsv"
      "thefuzz token_sort_ratio=$out/thefuzz.issue_queries.tsv"
      "OFAC-style JW + Soundex=$out/ofacjw.issue_queries.tsv")
"$py" "$peers/screen_report.py" "$issue" "${sys[@]}" --json "$out/report.jsonl" \
  | tee -a "$out/report.md"
if [ "${PG_FULL:-1}" = 1 ]; then
  echo
  echo "## side by side: all 10,000 queries"
  sys=()
  if [ "$lookout" = 1 ]; then sys+=("Lookout=$out/lookout.queries.tsv"); fi
  sys+=("pg_trgm GIN, % 0.3=$out/pg_gin.queries.tsv")
  "$py" "$peers/screen_report.py" "$out/queries.tsv" "${sys[@]}" --json "$out/report.jsonl" \
    | tee -a "$out/report.md"
fi
echo "(load average at the end $(cut -d' ' -f1-3 /proc/loadavg); raw results in $out)"

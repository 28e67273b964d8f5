#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, seeded from the real data and the
# test fixtures. Not part of `make test`; `make fuzz-smoke` calls it.
# Usage: fuzz/smoke.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=${1:?usage: fuzz/smoke.sh BUILD_DIR [SECONDS]}
secs=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
data=${LOOKOUT_DATA:-$here/../../shared/data}
fixtures=$here/../tests/fixtures
export LOOKOUT_DATA=$data  # fuzz_scan_text indexes a list from it

# Seeds per target: small real files (or prefixes of big ones) of the target's format.
seed() {
  local dir=$1; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] || continue
    head -c 65536 "$f" > "$dir/$(basename "$f")"
  done
}

status=0
for bin in "$build"/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  corpus=$build/corpus-$name
  case $name in
    fuzz_un_xml) seed "$corpus" "$data"/lists/un/*.xml ;;
    fuzz_ofac_xml) seed "$corpus" "$data"/lists/ofac/xml/*.xml "$fixtures"/ofac/*.xml ;;
    fuzz_ofac_csv|fuzz_ofac_remarks) seed "$corpus" "$data"/lists/ofac/*/*.csv ;;
    fuzz_eu_xml_legacy) seed "$corpus" "$data"/lists/eu/*.xml ;;
    fuzz_eu_xml) seed "$corpus" "$fixtures"/eu/*.xml ;;
    fuzz_eu_csv) seed "$corpus" "$data"/lists/eu/*.csv ;;
    fuzz_uk_csv) seed "$corpus" "$data"/lists/uk/*.csv ;;
    fuzz_ftm_json) seed "$corpus" "$data"/lists/ftm/*.json ;;
    fuzz_mt103) seed "$corpus" "$fixtures"/payments/*.txt ;;
    fuzz_pacs008) seed "$corpus" "$fixtures"/payments/*.xml ;;
    fuzz_customers) seed "$corpus" "$data"/eval/yente_benchmark/negatives_global.csv ;;
    fuzz_customer_keys) seed "$corpus" "$data"/eval/yente_benchmark/negatives_global.csv ;;
    fuzz_fetch_config) seed "$corpus" "$fixtures"/fetch/*.conf ;;
    fuzz_scan_text) seed "$corpus" "$data"/text/*.txt "$fixtures"/payments/*.txt ;;
    fuzz_scan_words) seed "$corpus" "$data"/text/*.txt ;;
    fuzz_scan_payment)
      # the first byte picks the format: 0 MT103, 1 pacs.008
      mkdir -p "$corpus"
      for f in "$fixtures"/payments/*.txt "$fixtures"/payments/*.xml; do
        [ -f "$f" ] || continue
        { case $f in *.xml) printf '\001' ;; *) printf '\000' ;; esac; head -c 65535 "$f"; } \
          > "$corpus/$(basename "$f")"
      done ;;
    fuzz_api_key) mkdir -p "$corpus"; printf 'lk_0123456789ab_%s' "$(printf "a%.0s" $(seq 64))" >"$corpus/valid" ;;
    fuzz_ais) seed "$corpus" "$data"/ais/gpsd/*.log "$data"/ais/gpsd/sample.aivdm "$data"/ais/gfw/*.nmea ;;
    fuzz_ais_geo) seed "$corpus" "$data"/geo/*.geojson "$fixtures"/ais/*.csv ;;
    fuzz_ais_scenario) seed "$corpus" "$fixtures"/ais/*.json ;;
    fuzz_index_snapshot)
      # a real snapshot of a small list, written by the lookout of this build (screen saves
      # it; its exit status says whether something matched)
      mkdir -p "$corpus"
      if [ -x "$build/lookout" ] && command -v sqlite3 >/dev/null; then
        snapdb=$(mktemp -d)
        LOOKOUT_DB=$snapdb/s.db "$build/lookout" lists import --quiet "$data"/lists/uk/ofsi_ConList_sample_2020.csv >/dev/null 2>&1 &&
          { LOOKOUT_DB=$snapdb/s.db "$build/lookout" screen "Kim Jong Un" >/dev/null 2>&1 || true; } &&
          sqlite3 "$snapdb/s.db" "SELECT writefile('$corpus/uk_sample.snap', data) FROM index_snapshot" >/dev/null || true
        rm -rf "$snapdb"
      fi ;;
    *) mkdir -p "$corpus" ;;
  esac
  echo "== $name: ${secs}s"
  if ! "$bin" -max_total_time="$secs" -max_len=262144 -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 "$corpus" 2>"$build/$name.log"; then
    echo "!! $name failed; see $build/$name.log"
    tail -40 "$build/$name.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/$name.log" | tail -2
  fi
done
exit $status

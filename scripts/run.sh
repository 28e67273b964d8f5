#!/usr/bin/env bash
# scripts/run.sh - what `make run` does: import the real lists from $LOOKOUT_DATA/lists into
# $LOOKOUT_DB, oldest first within each source so that every source has a history to diff
# (or, when LOOKOUT_LISTS_URL is set and this lookout has `lists update`, fetch them with
# it), show what is loaded, then start the server on $LOOKOUT_BIND:$LOOKOUT_PORT
# (127.0.0.1:8080) and print its URL.
#
# Usage: scripts/run.sh [--import-only]
#   --import-only  stop after the import (tests/cli/run_script.sh uses it)
#
# Safe to run again: `lists import --skip-known` skips input identical to any stored version
# of its source, so a second run writes nothing and keeps the newest version active (a plain
# import of an older file would make that older version active again).
#
# Left out on purpose: ofac/partial-2025-* (sets without their sdn.csv, which the importer
# refuses), and the UK 2016/2020 and other partial samples that would replace a full list
# as the active version.
set -uo pipefail
cd "$(dirname "$0")/.."

IMPORT_ONLY=0
if [[ "${1:-}" == "--import-only" ]]; then
	IMPORT_ONLY=1
fi
BIN="${LOOKOUT_BIN:-build/lookout}"
DATA="${LOOKOUT_DATA:-$(cd .. && pwd)/shared/data}"
export LOOKOUT_DB="${LOOKOUT_DB:-./lookout.db}"
LISTS="$DATA/lists"

if [[ ! -x "$BIN" ]]; then
	echo "run.sh: $BIN not found: build it first (make)" >&2
	exit 1
fi
# serve: start the server in the foreground (Ctrl-C stops it) and say where it is.
serve() {
	local bind="${LOOKOUT_BIND:-127.0.0.1}" port="${LOOKOUT_PORT:-8080}"
	echo
	echo "Lookout is starting at http://$bind:$port/  (API: http://$bind:$port/openapi.json; Ctrl-C stops it)"
	exec "$BIN" serve --bind "$bind" --port "$port"
}

if [[ -n "${LOOKOUT_LISTS_URL:-}" ]] && "$BIN" lists update --help >/dev/null 2>&1; then
	echo "Updating the lists from $LOOKOUT_LISTS_URL into $LOOKOUT_DB"
	if ! "$BIN" lists update; then
		echo "run.sh: lookout lists update failed" >&2
		exit 1
	fi
	"$BIN" lists show
	[[ $IMPORT_ONLY -eq 1 ]] && exit 0
	serve
fi
if [[ ! -d "$LISTS" ]]; then
	echo "run.sh: no lists at $LISTS: set LOOKOUT_DATA" >&2
	exit 1
fi

failed=0

# imp SOURCE PATH: import one list version, print one line with the outcome.
imp() {
	local source="$1" path="$2" out rc
	if [[ ! -e "$LISTS/$path" ]]; then
		printf '%-18s %-50s missing, skipped\n' "$source" "$path"
		return
	fi
	out="$("$BIN" lists import --quiet --skip-known --source "$source" "$LISTS/$path" 2>&1)"
	rc=$?
	if [[ $rc -ne 0 ]]; then
		failed=1
		printf '%-18s %-50s FAILED (exit %d): %s\n' "$source" "$path" "$rc" "$out"
		return
	fi
	printf '%-18s %-50s %s\n' "$source" "$path" "$(tail -n 1 <<<"$out")"
}

echo "Importing lists from $LISTS into $LOOKOUT_DB"

# UN Security Council: the 2016 partial copy, then the full 2026 list.
imp un_sc un/un_consolidated_20160211_sample.xml
imp un_sc un/un_consolidated_20260227.xml

# OFAC SDN: three states of the list (the 2024 one is a lone sdn.csv).
imp ofac_sdn ofac/sdn-2019-01
imp ofac_sdn ofac/sdn-2021-07
imp ofac_sdn ofac/sdn-2024-05-03

# OFAC consolidated non-SDN: the 2023 sdnList XML, then the 2025 CSV set.
imp ofac_cons ofac/xml/consolidated_nonsdn_20230308.xml
imp ofac_cons ofac/cons-2025-12-19

# UK HMT/OFSI: 2014, then 2018.
imp uk_hmt uk/hmt_ConList_20140402.csv
imp uk_hmt uk/hmt_ofsi_ConList_20180413.csv

# EU financial sanctions file: the 2016 legacy XML sample, then the 2018 CSV v1.0 sample.
imp eu_fsf eu/eu_legacy_global_20160211_sample.xml
imp eu_fsf eu/eu_fsf_csv_v1_20180704_sample_short.csv

# FollowTheMoney files: unrelated datasets, each its own source
# (yente_fixture_zala_entities.ftm.json -> ftm_zala).
for f in "$LISTS"/ftm/*.json; do
	[[ -e "$f" ]] || continue
	name="$(basename "$f")"
	name="${name%%.*}"
	name="${name#yente_fixture_}"
	name="${name#os_}"
	name="${name%_entities}"
	imp "ftm_$name" "ftm/$(basename "$f")"
done

echo
"$BIN" lists show
rc=$?
if [[ $failed -ne 0 ]]; then
	echo "run.sh: some imports failed (see above)" >&2
	exit 1
fi
if [[ $IMPORT_ONLY -eq 1 || $rc -ne 0 ]]; then
	exit $rc
fi
serve

#!/usr/bin/env bash
# web_explain.sh - the web UI's explanations in words (web/js/explain.js) on real engine output:
# tests/e2e/explain.test.mjs runs `lookout screen --json` on OFAC SDN 2024 and checks the
# sentence for each kind of evidence. Needs node (scripts/install-deps.sh), not a browser.
set -uo pipefail

: "${LOOKOUT_BIN:?LOOKOUT_BIN must name the lookout binary}"
: "${LOOKOUT_DATA:?LOOKOUT_DATA must name the shared data directory}"
if ! command -v node >/dev/null 2>&1; then
	echo "FAIL: node is missing; run scripts/install-deps.sh" >&2
	exit 1
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1"
exec node "$(dirname "$0")/../e2e/explain.test.mjs"

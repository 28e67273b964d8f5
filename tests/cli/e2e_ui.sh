#!/usr/bin/env bash
# e2e_ui.sh - the web UI end to end in headless Chromium (tests/e2e/ui.test.mjs, driven by
# playwright-core): search as you type with explanations, the entity page, a list diff, and an
# alert decided with a reason where the server has alerts. Screenshots: tests/e2e/artifacts/.
#
# Skipped (exit 77, ctest SKIP_RETURN_CODE) only while this build has no `lookout serve`.
# Once it has, a missing node, Chromium or tests/e2e/node_modules is a failure:
# scripts/install-deps.sh installs them.
set -uo pipefail

: "${LOOKOUT_BIN:?LOOKOUT_BIN must name the lookout binary}"
: "${LOOKOUT_DATA:?LOOKOUT_DATA must name the shared data directory}"
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
E2E="$REPO/tests/e2e"

if ! "$LOOKOUT_BIN" serve --help >/dev/null 2>&1; then
	echo "SKIP: this lookout has no 'serve' command yet; the web UI test needs the server"
	exit 77
fi
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
missing=""
command -v node >/dev/null 2>&1 || missing+=" node"
[ -x "$CHROMIUM" ] || missing+=" chromium ($CHROMIUM)"
[ -d "$E2E/node_modules/playwright-core" ] || missing+=" tests/e2e/node_modules (npm ci)"
if [ -n "$missing" ]; then
	echo "FAIL: missing:$missing; run scripts/install-deps.sh" >&2
	exit 1
fi
# The server runs under this build's sanitizers; a report from it fails the test.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1"
export CHROMIUM
cd "$E2E" && exec node ui.test.mjs

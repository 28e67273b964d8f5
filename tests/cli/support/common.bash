# common.bash - shared by the CLI tests in tests/cli/*.sh (sourced, not run by ctest).
#
# ctest sets LOOKOUT_BIN (the lookout binary), LOOKOUT_DATA (the real data) and
# LOOKOUT_FIXTURES. Each test gets a fresh temporary directory and store. `run` runs the CLI
# and captures stdout, stderr and the exit code; it fails the test on a signal (exit >= 128)
# or on any sanitizer report, because an ASan/UBSan build must abort on its first error
# rather than carry on with exit code 1.

set -uo pipefail

: "${LOOKOUT_BIN:?LOOKOUT_BIN must name the lookout binary}"
: "${LOOKOUT_DATA:?LOOKOUT_DATA must name the shared data directory}"
LISTS="$LOOKOUT_DATA/lists"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:print_stacktrace=1"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export LOOKOUT_DB="$TMP/test.db"

FAILS=0
OUT=""
ERR=""
RC=0

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

ok() {
	echo "ok: $*"
}

# run ARGS...: run lookout; sets OUT, ERR, RC (stdout also in $TMP/out).
run() {
	"$LOOKOUT_BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	OUT="$(cat "$TMP/out")"
	ERR="$(cat "$TMP/err")"
	if ((RC >= 128)); then
		fail "lookout $* died with exit $RC: $ERR"
	fi
	if grep -qE 'Sanitizer|runtime error:' "$TMP/err"; then
		fail "sanitizer report from lookout $*:"
		cat "$TMP/err" >&2
	fi
}

# expect RC ARGS...: run lookout and check its exit code.
expect() {
	local want="$1"
	shift
	run "$@"
	if [[ "$RC" -ne "$want" ]]; then
		fail "lookout $*: exit $RC, expected $want; stderr: $ERR"
		return 1
	fi
	return 0
}

# pycheck 'python statements': run them with d = the JSON of the last stdout; an
# AssertionError (or any exception) fails the test with the label.
pycheck() {
	local label="$1" code="$2"
	if python3 - "$TMP/out" "$code" <<'PY' 2>"$TMP/pyerr"; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[2])
PY
		ok "$label"
	else
		fail "$label: $(tail -n 3 "$TMP/pyerr")"
	fi
}

# jget 'python expression': print the expression evaluated on d = the JSON of the last stdout.
jget() {
	python3 - "$TMP/out" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2])
print(json.dumps(v) if not isinstance(v, str) else v)
PY
}

finish() {
	if ((FAILS > 0)); then
		echo "$FAILS failure(s)" >&2
		exit 1
	fi
	echo "all passed"
	exit 0
}

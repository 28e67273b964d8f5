#!/usr/bin/env bash
# ais.sh - `lookout ais decode`: JSON lines like gpsdecode's on gpsd's sample, the text form,
# stdin, the error summary with line numbers on stderr, and the exit codes (0 clean, 6 some
# lines were errors, 2 usage, 74 unreadable file).
source "$(dirname "$0")/support/common.bash"

GPSD="$LOOKOUT_DATA/ais/gpsd"

expect 0 ais decode --json --device stdin "$GPSD/ais-raw-messages.log" && {
	n="$(wc -l <"$TMP/out")"
	[[ "$n" == 108 ]] && ok "108 messages from ais-raw-messages.log" || fail "$n messages"
	head -n 1 "$TMP/out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
assert d["class"] == "AIS" and d["device"] == "stdin" and d["type"] == 1, d
assert d["mmsi"] == 240205400 and d["scaled"] is False and d["lat"] == 22766550, d
' && ok "first object" || fail "first object: $(head -n 1 "$TMP/out")"
}

expect 0 ais decode --json --scaled "$GPSD/sample.aivdm" &&
	grep -q '"turn":"fastleft","speed":12.3' "$TMP/out" && ok "scaled form" ||
	fail "scaled form: $(head -n 1 "$TMP/out")"

expect 6 ais decode --json "$LOOKOUT_DATA/ais/gfw/errors.nmea" && {
	[[ "$(wc -l <"$TMP/out")" == 3 ]] && ok "3 good lines decoded" || fail "out: $OUT"
	grep -q 'line 4: bad checksum' "$TMP/err" && ok "error with its line number" ||
		fail "stderr: $ERR"
	grep -q '2 errors, bad checksum 2' "$TMP/err" && ok "summary by kind" || fail "stderr: $ERR"
}

run ais decode - <"$GPSD/saab-r4.log"
[[ $RC == 0 && "$(head -n 1 "$TMP/out")" == $'6\t1\t244707571\t50.231142\t-8.143515' ]] &&
	ok "text form from stdin" || fail "text form: rc $RC: $(head -n 1 "$TMP/out")"

expect 2 ais decode && ok "no file: exit 2"
expect 74 ais decode "$TMP/missing.nmea" && ok "missing file: exit 74"
expect 0 ais decode --help && grep -q -- '--scaled' "$TMP/out" && ok "--help"

finish

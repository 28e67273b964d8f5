#!/usr/bin/env bash
# ais_simulate.sh - `lookout ais simulate`: the NMEA it writes decodes with `lookout ais decode`
# without errors, the truth file is JSON lines in the shared event format, the same seed
# gives the same files and another seed different ones, stdout output, and the exit codes
# (0 done, 2 usage, 65 bad scenario with its place, 74 unreadable scenario).
source "$(dirname "$0")/support/common.bash"

SC="$LOOKOUT_FIXTURES/ais/scenario_dprk.json"

expect 0 ais simulate --scenario "$SC" --out "$TMP/a.nmea" --truth "$TMP/a.jsonl" --seed 3 \
	--background 10 && {
	grep -q 'messages, .* sentences, 48.0 h' "$TMP/err" && ok "summary" || fail "stderr: $ERR"
	head -n 1 "$TMP/a.nmea" | grep -qE '^\\c:1772323200\*[0-9A-F]{2}\\!AIVDM,1,1,,[AB],' &&
		ok "tag block and sentence" || fail "first line: $(head -n 1 "$TMP/a.nmea")"
	grep -qE '!AIVDM,2,1,[0-9],[AB],' "$TMP/a.nmea" && grep -qE '!AIVDM,2,2,[0-9],[AB],' \
		"$TMP/a.nmea" && ok "two-sentence type 5 with sequence ids" || fail "no multipart"
	python3 - "$TMP/a.jsonl" <<'PY' && ok "truth: 10 events in the shared format" || fail "truth"
import json, re, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
assert len(evs) == 10, evs
types = sorted(e["type"] for e in evs)
assert types == sorted(["bad_imo", "shared_imo", "designated", "spoofing", "encounter",
                        "identity_change", "identity_change", "loitering", "zone_entry",
                        "dark"]), types
for e in evs:
    assert isinstance(e["mmsi"], int)
    for k in ("start", "end"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e[k]), e
    assert e["start"] <= e["end"], e
enc = [e for e in evs if e["type"] == "encounter"][0]
assert enc["mmsi"] < enc["other_mmsi"]
assert [e for e in evs if e["type"] == "zone_entry"][0]["zone"] == "PRK_EEZ"
assert {e["field"] for e in evs if e["type"] == "identity_change"} == {"name", "callsign"}
PY
}

expect 0 ais decode "$TMP/a.nmea" && grep -q ', 0 errors' "$TMP/err" &&
	ok "decodes with zero errors" || fail "decode: $ERR"

expect 0 ais simulate -q --scenario "$SC" --out "$TMP/b.nmea" --truth "$TMP/b.jsonl" --seed 3 \
	--background 10 && cmp -s "$TMP/a.nmea" "$TMP/b.nmea" && cmp -s "$TMP/a.jsonl" "$TMP/b.jsonl" &&
	ok "same seed, same files" || fail "same seed gave different files"
[[ ! -s "$TMP/err" ]] && ok "--quiet" || fail "--quiet printed: $ERR"
expect 0 ais simulate -q --scenario "$SC" --out "$TMP/c.nmea" --seed 4 --background 10 &&
	! cmp -s "$TMP/a.nmea" "$TMP/c.nmea" && ok "another seed, another file" || fail "seed ignored"

# stdout, bare sentences, a shorter run
"$LOOKOUT_BIN" ais simulate -q --scenario "$SC" --out - --hours 1 --background 5 \
	--no-tag-blocks >"$TMP/d.nmea" 2>"$TMP/err"
[[ $? == 0 ]] && head -n 1 "$TMP/d.nmea" | grep -q '^!AIVDM,' && ok "stdout, no tag blocks" ||
	fail "stdout: $(head -n 1 "$TMP/d.nmea") $(cat "$TMP/err")"

printf '{"start":"2026-03-01T00:00:00Z","hours":48,"vessels":[{"id":"a","mmsi":352000001,"route":[{"t":0,"lat":38,"lon":134},{"t":30,"lat":41,"lon":137}]}],"events":[{"type":"dark","vessel":"a","start":5,"hours":11.8}]}' >"$TMP/bad.json"
expect 65 ais simulate --scenario "$TMP/bad.json" --out "$TMP/x.nmea" &&
	grep -q 'events\[0\]: a dark period of 11.80 h is too close to the 12 h threshold' "$TMP/err" &&
	ok "ambiguous dark period refused with its place" || fail "bad scenario: $ERR"
expect 74 ais simulate --scenario "$TMP/missing.json" --out "$TMP/x.nmea" && ok "missing: 74"
expect 2 ais simulate --scenario "$SC" && ok "no --out: 2"
expect 2 ais simulate --scenario "$SC" --out "$TMP/x.nmea" --seed -4 && ok "bad seed: 2"
expect 0 ais simulate -q --scenario "$SC" --out "$TMP/z.nmea" --seed 0 --background 0 --hours 2 &&
	ok "seed 0, no background"
expect 0 ais simulate --help && grep -q -- '--no-tag-blocks' "$TMP/out" && ok "--help"

# End to end: the detectors (lookout ais analyze, screening the OFAC SDN list for the
# designated vessel) find exactly the simulated truth, to the second.
same_events() { # truth detected
	python3 - "$1" "$2" <<'PY'
import json, sys
key = lambda e: (e["type"], e["mmsi"], e["start"], e["end"], e.get("field"))
t = sorted(key(json.loads(l)) for l in open(sys.argv[1]))
d = sorted(key(json.loads(l)) for l in open(sys.argv[2]))
if t != d:
    print("truth only:", sorted(set(t) - set(d)), "detected only:", sorted(set(d) - set(t)))
    sys.exit(1)
PY
}
expect 0 lists import "$LISTS/ofac/sdn-2024-05-03/sdn.csv" || true
for sc in scenario_dprk scenario_flag; do
	expect 0 ais simulate -q --scenario "$LOOKOUT_FIXTURES/ais/$sc.json" --out "$TMP/$sc.nmea" \
		--truth "$TMP/$sc.truth" --seed 11 --background 30 &&
		expect 0 ais analyze -q --json --out "$TMP/$sc.events" "$TMP/$sc.nmea" &&
		same_events "$TMP/$sc.truth" "$TMP/$sc.events" &&
		ok "$sc: the detectors find exactly the $(wc -l <"$TMP/$sc.truth") scripted events" ||
		fail "$sc: detected events differ from the truth"
done

finish

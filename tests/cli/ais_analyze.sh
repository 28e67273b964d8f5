#!/usr/bin/env bash
# ais_analyze.sh - `lookout ais analyze` end to end on a small NMEA log written here (a sixbit
# encoder in a few lines of Python, tag blocks with times): zone entry into the DPRK EEZ, a dark
# period marked near it, a bad IMO, a designated vessel found by IMO once OFAC's 2024 list is in
# the store (and the note when it is not), --since/--until, --geojson, --ports, --eez none,
# --param, and the exit codes.
source "$(dirname "$0")/support/common.bash"

python3 - "$TMP/feed.nmea" <<'PY'
import sys

def bits(v, n):
    v &= (1 << n) - 1
    return format(v, "0%db" % n)

def text(s, n):
    s = s.upper().ljust(n // 6, "@")
    out = ""
    for c in s:
        o = ord(c)
        out += bits(o - 64 if o >= 64 else o, 6)
    return out

def armor(b):
    fill = (6 - len(b) % 6) % 6
    b += "0" * fill
    s = ""
    for i in range(0, len(b), 6):
        v = int(b[i:i + 6], 2)
        s += chr(v + 48 if v < 40 else v + 56)
    return s, fill

def cs(s):
    x = 0
    for c in s:
        x ^= ord(c)
    return "%02X" % x

def sentences(t, b, seq):
    payload, fill = armor(b)
    parts = [payload[i:i + 60] for i in range(0, len(payload), 60)]
    out = []
    for i, p in enumerate(parts):
        f = fill if i == len(parts) - 1 else 0
        body = "AIVDM,%d,%d,%s,A,%s,%d" % (len(parts), i + 1, seq if len(parts) > 1 else "", p, f)
        tag = "c:%d" % t
        out.append("\\%s*%s\\!%s*%s" % (tag, cs(tag), body, cs(body)))
    return out

def pos(t, mmsi, lat, lon, sog):
    b = bits(1, 6) + bits(0, 2) + bits(mmsi, 30) + bits(0, 4) + bits(-128, 8)
    b += bits(round(sog * 10), 10) + bits(1, 1)
    b += bits(round(lon * 600000), 28) + bits(round(lat * 600000), 27)
    b += bits(900, 12) + bits(90, 9) + bits(t % 60, 6) + bits(0, 2) + bits(0, 3) + bits(0, 1)
    b += bits(0, 19)
    return sentences(t, b, 0)

def static(t, mmsi, imo, callsign, name):
    b = bits(5, 6) + bits(0, 2) + bits(mmsi, 30) + bits(0, 2) + bits(imo, 30)
    b += text(callsign, 42) + text(name, 120) + bits(80, 8)
    b += bits(100, 9) + bits(20, 9) + bits(8, 6) + bits(8, 6) + bits(1, 4)
    b += bits(3, 4) + bits(1, 5) + bits(12, 5) + bits(0, 6) + bits(80, 8)
    b += text("NAMPO", 120) + bits(0, 1) + bits(0, 1)
    return sentences(t, b, 1)

T0 = 1772323200  # 2026-03-01T00:00:00Z
lines = []
# 445000001: 12 kn north along 129.5 E from 38.3 N; enters the zone between 38.6 and 38.7 N
for i in range(11):
    lines += pos(T0 + i * 1800, 445000001, 38.3 + 0.1 * i, 129.5, 12.0)
# 412000001: far south, then silent 13 h, then 35 km outside the zone: a dark period near it
lines += pos(T0 + 600, 412000001, 37.0, 129.0, 9.0)
lines += pos(T0 + 600 + 13 * 3600, 412000001, 38.3, 129.45, 9.0)
# 667001122: a bad IMO check digit; 352001234: CHONG CHON GANG's IMO under a new name
lines += static(T0 + 60, 667001122, 8814881, "9LSE5", "SIM CARGO E")
lines += static(T0 + 120, 352001234, 7937317, "3FAB7", "HAI XING 8")
lines += pos(T0 + 130, 352001234, 36.0, 131.0, 10.0)
lines.sort(key=lambda l: int(l[3:l.index("*")]))
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
PY
FEED="$TMP/feed.nmea"

expect 0 ais analyze --json "$FEED" && {
	grep -q 'designated vessels not checked' "$TMP/err" && ok "note: no lists in the store" ||
		fail "no note about the lists: $ERR"
	python3 - "$TMP/out" <<'PY' && ok "zone entry, dark period near the EEZ, bad IMO" || fail "events: $OUT"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
types = sorted(e["type"] for e in ev)
assert types == ["bad_imo", "dark", "zone_entry"], types
z = [e for e in ev if e["type"] == "zone_entry"][0]
assert z["mmsi"] == 445000001 and z["zone"] == "PRK_EEZ", z
assert z["start"] == "2026-03-01T01:30:00Z" and z["end"] == "2026-03-01T02:00:00Z", z
d = [e for e in ev if e["type"] == "dark"][0]
assert d["mmsi"] == 412000001 and d["gap_h"] == 13.0 and d["near_eez"] == "PRK", d
assert abs(d["end_lat"] - 38.3) < 1e-5 and abs(d["start_lon"] - 129.0) < 1e-5, d
b = [e for e in ev if e["type"] == "bad_imo"][0]
assert b["mmsi"] == 667001122 and b["imo"] == 8814881, b
PY
}

# the text form, and a window of time that leaves out the zone entry and the dark period
expect 0 ais analyze --since 2026-03-01T03:00:00Z --until 1772330000 "$FEED" &&
	[[ "$OUT" == "" ]] && ok "--since/--until leave nothing" || fail "--since/--until: $OUT"
expect 0 ais analyze --until 2026-03-01 "$FEED" && [[ "$OUT" == "" ]] &&
	ok "--until before the first message" || fail "--until: $OUT"
expect 0 ais analyze --eez none --quiet "$FEED" && {
	[[ "$(cut -f1 "$TMP/out" | sort | tr '\n' ' ')" == "bad_imo dark " ]] &&
		ok "--eez none: no zone entry; text lines" || fail "--eez none: $OUT"
	[[ -z "$ERR" ]] && ok "--quiet" || fail "--quiet: $ERR"
}

# JSON lines to a file and GeoJSON beside it
expect 0 ais analyze --out "$TMP/ev.jsonl" --geojson "$TMP/ev.geojson" "$FEED" && {
	[[ "$OUT" == "" && "$(wc -l <"$TMP/ev.jsonl")" == 3 ]] && ok "--out" || fail "--out: $OUT"
	python3 - "$TMP/ev.geojson" <<'PY' && ok "--geojson" || fail "geojson: $(cat "$TMP/ev.geojson")"
import json, sys
g = json.load(open(sys.argv[1]))
assert g["type"] == "FeatureCollection" and len(g["features"]) == 3
kinds = {f["properties"]["type"]: f["geometry"]["type"] if f["geometry"] else None
         for f in g["features"]}
assert kinds == {"zone_entry": "Point", "dark": "LineString", "bad_imo": None}, kinds
PY
}

# the dark period's end is 8.4 km from a port: still reported (ports drop encounters and
# loitering only); a malformed ports file is exit 65
printf 'lat,lon,name\n38.3,129.55,TEST\n' >"$TMP/ports.csv"
expect 0 ais analyze --json --ports "$TMP/ports.csv" "$FEED" &&
	[[ "$(wc -l <"$TMP/out")" == 3 ]] && ok "--ports" || fail "--ports: $OUT"
printf '38.3,east,TEST\n' >"$TMP/bad.csv"
expect 65 ais analyze --ports "$TMP/bad.csv" "$FEED" && grep -q 'line 1' "$TMP/err" &&
	ok "bad ports file: exit 65 with the line" || fail "bad ports: $ERR"
printf '{"type":"Polygon"}' >"$TMP/bad.geojson"
expect 65 ais analyze --eez "$TMP/bad.geojson" "$FEED" && ok "bad zone file: exit 65" ||
	fail "bad zone: $ERR"

# parameters
expect 0 ais analyze --json --param dark_h=14 --param zone_near_km=10 "$FEED" &&
	[[ "$(grep -c '"dark"' "$TMP/out")" == 0 ]] && ok "--param dark_h=14" || fail "--param: $OUT"
expect 2 ais analyze --param nope=1 "$FEED" && grep -q "unknown parameter 'nope'" "$TMP/err" &&
	ok "unknown parameter: exit 2" || fail "unknown parameter: $ERR"
expect 0 ais analyze --param help && grep -q '^enc_distance_m=500$' "$TMP/out" &&
	ok "--param help" || fail "--param help: $OUT"
expect 2 ais analyze --since yesterday "$FEED" && ok "bad time: exit 2"
expect 2 ais analyze && ok "no file: exit 2"
expect 74 ais analyze "$TMP/missing.nmea" && ok "missing file: exit 74"

# designated vessels, once OFAC's 2024 SDN list is imported
expect 0 lists import --quiet "$LISTS/ofac/sdn-2024-05-03/sdn.csv" || finish
expect 0 ais analyze --json "$FEED" && python3 - "$TMP/out" <<'PY' &&
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
d = [e for e in ev if e["type"] == "designated"]
assert len(d) == 1, ev
d = d[0]
assert d["mmsi"] == 352001234 and d["imo"] == 7937317 and d["matched_by"] == "imo", d
assert d["entity_name"] == "CHONG CHON GANG" and d["name"] == "HAI XING 8", d
assert "7937317" in d["explanation"], d
PY
	ok "designated vessel by IMO under a new name" || fail "designated: $OUT"

finish

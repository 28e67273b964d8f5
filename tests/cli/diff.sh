#!/usr/bin/env bash
# diff.sh - `lookout lists diff` between the OFAC SDN sets of 2019-01 and 2021-07: 1,858 added
# and 261 removed, the same ids as a comparison of the raw sdn.csv files, in both directions,
# with JSON and human output.
source "$(dirname "$0")/support/common.bash"

O19="$LISTS/ofac/sdn-2019-01"
O21="$LISTS/ofac/sdn-2021-07"

expect 0 lists import --json "$O19" && pycheck "OFAC 2019-01: as many entities as sdn.csv rows" '
assert d["source"] == "ofac_sdn" and d["entities"] == 7379, d["entities"]'
V1="$(jget 'd["version"]')"
expect 3 lists diff ofac_sdn && ok "one version: nothing to diff, exit 3"
expect 0 lists import --json "$O21" && pycheck "OFAC 2021-07: as many entities as sdn.csv rows" '
assert d["entities"] == 8976, d["entities"]'
V2="$(jget 'd["version"]')"

# what the raw files say: ent_num is the first column; the last line is a Ctrl-Z
python3 - "$O19/sdn.csv" "$O21/sdn.csv" >"$TMP/expected.json" <<'PY'
import csv, json, sys
def ids(path):
    with open(path, encoding="cp1252", newline="") as f:
        return {"ofac-" + r[0].strip() for r in csv.reader(f) if r and r[0].strip().isdigit()}
a, b = ids(sys.argv[1]), ids(sys.argv[2])
print(json.dumps({"added": sorted(b - a), "removed": sorted(a - b), "both": len(a & b)}))
PY

expect 0 lists diff ofac_sdn --json && pycheck "diff 2019-01 -> 2021-07: 1858 added, 261 removed" "
import json
want = json.load(open('$TMP/expected.json'))
assert set(d) == {'source', 'from', 'to', 'added', 'removed', 'changed', 'counts'}, sorted(d)
assert d['source'] == 'ofac_sdn' and d['from'] == $V1 and d['to'] == $V2, (d['from'], d['to'])
c = d['counts']
assert set(c) == {'added', 'removed', 'changed', 'unchanged'}, c
assert c['added'] == 1858 and c['removed'] == 261, c
assert len(d['added']) == 1858 and len(d['removed']) == 261
assert sorted(d['added']) == sorted(want['added']), 'added ids differ from the raw files'
assert sorted(d['removed']) == sorted(want['removed']), 'removed ids differ from the raw files'
assert c['changed'] + c['unchanged'] == want['both'], (c, want['both'])
assert len(d['changed']) == c['changed'] and c['changed'] > 0
for ch in d['changed']:
    assert set(ch) == {'id', 'properties'} and ch['properties'], ch
    assert ch['properties'] == sorted(ch['properties'])
assert not set(x['id'] for x in d['changed']) & (set(d['added']) | set(d['removed']))"

expect 0 lists diff ofac_sdn "$V2" "$V1" --json && pycheck "the reverse diff swaps added and removed" "
assert d['from'] == $V2 and d['to'] == $V1
assert d['counts']['added'] == 261 and d['counts']['removed'] == 1858, d['counts']"

expect 0 lists diff ofac_sdn "$V1" "$V2" --limit 3 && {
	[[ "$OUT" == *"ofac_sdn: version $V1 -> version $V2"* ]] || fail "diff header: $OUT"
	grep -qE '^  added +1858$' "$TMP/out" || fail "human diff lacks 'added 1858'"
	grep -qE '^  removed +261$' "$TMP/out" || fail "human diff lacks 'removed 261'"
	[[ "$OUT" == *"Added (first 3 of 1858):"* && "$OUT" == *"Removed (first 3 of 261):"* ]] ||
		fail "human diff sections: $OUT"
	# the shown ids carry their names (captions), e.g. "  ofac-123  SOME NAME"
	n="$(grep -cE '^  ofac-[0-9]+  +[^ ]' "$TMP/out")"
	((n == 9)) && ok "human diff: counts and 3 named ids of each kind" ||
		fail "human diff shows $n named ids, expected 9: $OUT"
}
expect 0 lists diff ofac_sdn --limit 0 && [[ "$OUT" != *"Added ("* ]] && ok "--limit 0: counts only"

expect 3 lists diff ofac_sdn "$V1" 999999 && ok "a missing version: exit 3"
expect 3 lists diff no_such_source && [[ "$ERR" == "lookout: "* ]] && ok "an unknown source: exit 3"

finish

#!/usr/bin/env bash
# entity.sh - `lookout entity`: OFAC ent_num 35096 (PUTIN, Vladimir Vladimirovich) from the
# 2024-05-03 sdn.csv with its birth date, nationality, program and the provenance of every
# value; exit 3 for an absent id.
source "$(dirname "$0")/support/common.bash"

expect 3 entity ofac-35096 && ok "no store: exit 3"
expect 0 lists import --quiet --json "$LISTS/ofac/sdn-2024-05-03"
V="$(jget 'd["version"]')"

expect 0 entity ofac-35096 --json && pycheck "ofac-35096 is PUTIN with birthDate 1952-10-07" "
assert d['id'] == 'ofac-35096' and d['schema'] == 'Person', (d['id'], d['schema'])
assert d['source'] == 'ofac_sdn' and d['native_id'] == '35096'
p = d['properties']
assert any('PUTIN' in n for n in p['name']), p['name']
assert '1952-10-07' in p['birthDate'], p.get('birthDate')
assert 'ru' in p.get('nationality', []) or 'Russia' in p.get('nationality', []), p.get('nationality')
assert 'RUSSIA-EO14024' in p['program'], p['program']
prov = d['provenance']
for k, vals in prov.items():
    assert k in p and len(vals) == len(p[k]), k
assert any(o for o in prov['name']), prov['name']
v = d['version']
assert v['source'] == 'ofac_sdn' and v['version'] == $V and v['active'] is True, v"

expect 0 entity ofac-35096 && {
	head -n 1 "$TMP/out" | grep -q '^ofac-35096  PUTIN' || fail "entity header: $(head -n 1 "$TMP/out")"
	grep -qE '^PROPERTY +VALUE +ORIGIN$' "$TMP/out" || fail "entity table header missing"
	grep -qE '^birthDate +1952-10-07 ' "$TMP/out" || fail "entity table lacks birthDate"
	grep -qE '^version +'"$V"' \(active' "$TMP/out" || fail "entity lacks its version"
	grep -qE '^source +ofac_sdn$' "$TMP/out" || fail "entity lacks its source"
	ok "human entity output: header, version, aligned property table"
}

expect 3 entity ofac-999999999 && [[ "$ERR" == "lookout: "*ofac-999999999* ]] &&
	ok "an absent entity: exit 3, named" || fail "absent entity stderr: $ERR"

finish

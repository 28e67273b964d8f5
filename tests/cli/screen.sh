#!/usr/bin/env bash
# screen.sh - `lookout screen` on UN 2026 + OFAC sdn-2024-05-03 + UK 2018, the acceptance
# queries of issue 3: the news article's spellings and other scripts find the listed person as
# the top match (PUTIN ofac-35096, LAVROV ofac-35233, BELOUSOV Andrey ofac-39361 above the
# namesakes Vadim ofac-35458 and Mikhail ofac-31456/ofac-36772, KIM Jong Un ofac-20157, the
# yacht GRACEFUL ofac-37444 by name and by IMO 1011551); names not on these lists are no match;
# a contradicting birth date pushes Putin below the threshold and the right one raises his
# score. Also the --json shape, the human table with its explanation, exit codes and usage.
source "$(dirname "$0")/support/common.bash"

expect 3 screen 'Wladimir Putin' && [[ "$ERR" == "lookout: no store at"* ]] &&
	ok "no store: exit 3" || fail "no store: $ERR"

expect 0 lists import --quiet "$LISTS/un/un_consolidated_20260227.xml" || finish
expect 0 lists import --quiet "$LISTS/ofac/sdn-2024-05-03" || finish
expect 0 lists import --quiet "$LISTS/uk/hmt_ofsi_ConList_20180413.csv" || finish

# top RC ID ARGS...: `screen --json ARGS` exits RC and its top result is ID, a match.
top() {
	local rc="$1" id="$2"
	shift 2
	expect "$rc" screen --json "$@" && pycheck "screen $* -> $id" "
r = d['results']
assert r, 'no results'
assert r[0]['id'] == '$id', [(x['id'], x['caption'], x['score']) for x in r[:3]]
assert r[0]['match'] is True and r[0]['score'] >= d['threshold'], r[0]"
}

# nomatch ARGS...: `screen --json ARGS` exits 5 and no result is a match.
nomatch() {
	expect 5 screen --json "$@" && pycheck "screen $* -> no match" "
bad = [(x['id'], x['caption'], x['score']) for x in d['results'] if x['match']]
assert not bad, bad
assert all(x['score'] < d['threshold'] for x in d['results'])"
}

top 0 ofac-35096 'Wladimir Putin'
top 0 ofac-35096 'Владимир Путин'
top 0 ofac-35096 '블라디미르 푸틴'
top 0 ofac-35096 'فلاديمير بوتين'
top 0 ofac-35096 'Wladimir Putin' 'Владимир Путин'
top 0 ofac-35233 'Sergej Lawrow'
top 0 ofac-20157 'Kim Jong-un'
top 0 ofac-20157 '김정은'
top 0 ofac-20157 '金正恩'
top 0 ofac-37444 --schema Vessel GRACEFUL
top 0 ofac-37444 --id 1011551
top 0 ofac-37444 --schema Vessel --id 'IMO 1011551' GRACEFUL

top 0 ofac-39361 'Andrei Beloussow' && pycheck "Beloussow: Vadim and Mikhail rank below, no match" "
r = d['results']
for x in r[1:]:
    if x['id'] in ('ofac-35458', 'ofac-31456', 'ofac-36772'):
        assert not x['match'] and x['score'] < r[0]['score'], x
assert not any(x['match'] for x in r if 'BELOUSOV' in (x['caption'] or '') and x['id'] != 'ofac-39361')"

nomatch 'Grant Shapps'
nomatch 'Juri Uschakow'
nomatch 'Wladimir Klitschko'

# birth dates: a contradicting one lowers Putin below the threshold, the right one raises him
expect 0 screen --json 'Wladimir Putin'
PLAIN="$(jget '[x["score"] for x in d["results"] if x["id"] == "ofac-35096"][0]')"
expect 5 screen --json --dob 1960 'Wladimir Putin' && pycheck "--dob 1960 pushes Putin below the threshold" "
p = [x for x in d['results'] if x['id'] == 'ofac-35096']
assert not p or (p[0]['score'] < d['threshold'] and not p[0]['match']), p
assert not p or p[0]['score'] < $PLAIN
f = p[0]['explanation']['features'] if p else []
assert not p or any(e['feature'] == 'birthDate' and e['delta'] < 0 for e in f), f"
expect 0 screen --json --dob 1952-10-07 'Wladimir Putin' && pycheck "--dob 1952-10-07 raises Putin above $PLAIN" "
p = d['results'][0]
assert p['id'] == 'ofac-35096' and p['match'] and p['score'] > $PLAIN, (p['score'], $PLAIN)
assert any(e['feature'] == 'birthDate' and e['delta'] > 0 for e in p['explanation']['features'])
assert d['query']['birthDates'] == ['1952-10-07'], d['query']"
expect 0 screen --json --dob 07/10/1952 'Wladimir Putin' && pycheck "--dob 07/10/1952 is read day first" "
assert d['query']['birthDates'] == ['1952-10-07'], d['query']"

# the JSON document: exactly the documented keys, best first, match = score >= threshold
expect 0 screen --json --country ru --dob 1950 'Sergej Lawrow' && pycheck "--json shape" "
assert set(d) == {'query', 'threshold', 'results'}, sorted(d)
q = d['query']
assert q == {'names': ['Sergej Lawrow'], 'schema': 'Any', 'birthDates': ['1950'],
             'countries': ['ru'], 'identifiers': []}, q
assert d['threshold'] == 0.7, d['threshold']
r = d['results']
assert 1 <= len(r) <= 10, len(r)
for x in r:
    assert set(x) == {'id', 'caption', 'schema', 'source', 'names', 'score', 'match',
                      'explanation'}, sorted(x)
    assert x['match'] == (x['score'] >= d['threshold']), x
    assert 0 <= x['score'] <= 1
    e = x['explanation']
    assert isinstance(e, dict) and isinstance(e['parts'], list) and isinstance(e['features'], list)
assert [x['score'] for x in r] == sorted((x['score'] for x in r), reverse=True)
t = r[0]
assert t['id'] == 'ofac-35233' and t['schema'] == 'Person' and t['source'] == 'ofac_sdn'
assert 'LAVROV, Sergei Viktorovich' in t['names'] and 'LAVROV' in t['names'], t['names']
assert len(t['names']) == len(set(t['names']))
e = t['explanation']
assert e['query_name'] == 'Sergej Lawrow' and e['matched_name'], e
assert any(p['how'] == 'phonetic' and p['query'] and p['candidate'] for p in e['parts']), e['parts']
assert any(f['feature'] == 'birthDate' for f in e['features']), e['features']"

expect 0 screen --json --limit 1 'Wladimir Putin' && pycheck "--limit 1 gives one result" "
assert len(d['results']) == 1"
expect 0 screen --json --schema Person 'Kim Jong-un' && pycheck "--schema Person gives persons only" "
assert d['query']['schema'] == 'Person'
assert all(x['schema'] == 'Person' for x in d['results'])"
expect 5 screen --json --source un_sc 'Wladimir Putin' && pycheck "--source un_sc: Putin is not on the UN list" "
assert all(x['source'] == 'un_sc' for x in d['results'])"
T="$(python3 -c "print(min(1.0, $PLAIN + 0.01))")"
expect 5 screen --json --threshold "$T" 'Wladimir Putin' && pycheck "--threshold above the score: no match" "
assert d['threshold'] == $T and not d['results'][0]['match']"

# the table, and the explanation in words under the match
expect 0 screen 'Sergej Lawrow' && {
	head -n 1 "$TMP/out" | grep -qE '^# +SCORE +MATCH +CAPTION +SCHEMA +SOURCE +ID$' ||
		fail "table header: $(head -n 1 "$TMP/out")"
	grep -qE '^1 +0\.[0-9]{3} +✓ +LAVROV, Sergei Viktorovich +Person +ofac_sdn +ofac-35233$' \
		"$TMP/out" || fail "first row: $(sed -n 2p "$TMP/out")"
	grep -qE '^ +query "Sergej Lawrow" ~ listed name "LAVROV, Sergei Viktorovich" \(name score' \
		"$TMP/out" || fail "no matched-name line: $OUT"
	grep -qiE 'lawrow ~ lavrov \(phonetic, 0\.[0-9]{2}\)' "$TMP/out" || fail "no part line: $OUT"
	grep -qE '^1 match at threshold 0\.70' "$TMP/out" || fail "no summary line: $OUT"
	ok "human output: table, explanation, summary"
}
expect 5 screen --dob 1960 'Wladimir Putin' && {
	grep -qE '^ +-0\.[0-9]{2} birth date .*1960.*1952-10-07' "$TMP/out" ||
		fail "the contradicting birth date is not explained: $OUT"
	grep -qE '^no match at threshold 0\.70' "$TMP/out" || fail "no-match summary: $OUT"
	ok "human output explains the contradicting birth date"
}
expect 5 screen 'Grant Shapps' && ok "human output: no match is exit 5"

# usage and lookup errors
expect 2 screen && ok "no NAME: exit 2"
expect 2 screen --dob 1952-13-45 'Wladimir Putin' && [[ "$ERR" == *"1952-13-45"* ]] &&
	ok "a --dob that is no date: exit 2, named" || fail "bad --dob: $ERR"
expect 2 screen --schema Boat GRACEFUL && ok "unknown --schema: exit 2"
expect 2 screen --threshold 1.5 Putin && ok "--threshold out of range: exit 2"
expect 2 screen --limit 0 Putin && ok "--limit 0: exit 2"
expect 2 screen --gender x Putin && ok "bad --gender: exit 2"
expect 2 screen --out x.jsonl Putin && ok "--out without --batch: exit 2"
expect 3 screen --source nosuch Putin && [[ "$ERR" == *"nosuch"*"ofac_sdn"* ]] &&
	ok "unknown --source: exit 3, the known sources listed" || fail "unknown source: $ERR"
run screen $'\xff\xfe' && ((RC == 65)) && ok "a NAME that is not UTF-8: exit 65" ||
	fail "invalid UTF-8 NAME: exit $RC: $ERR"

finish

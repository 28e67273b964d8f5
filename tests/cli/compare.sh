#!/usr/bin/env bash
# compare.sh - `lookout compare`: "Olaf Scholze" matches "Olaf Scholz", "Octavian Scholz" does
# not (the acceptance of issue 3); the --json shape, the exit codes (0 match, 5 no match),
# the human output, and `compare --batch` on a CSV of pairs with malformed rows reported per
# row while the run continues. compare needs no store: none is created here.
source "$(dirname "$0")/support/common.bash"

expect 0 compare --json 'Olaf Scholze' 'Olaf Scholz' && pycheck "Olaf Scholze ~ Olaf Scholz: match" "
assert set(d) == {'score', 'match', 'threshold', 'explanation'}, sorted(d)
assert d['match'] is True and d['score'] >= d['threshold'] == 0.7, d
e = d['explanation']
assert isinstance(e['parts'], list) and e['parts'], e
assert any(p['how'] in ('fuzzy', 'phonetic') for p in e['parts']), e['parts']"
SCHOLZE="$(jget 'd["score"]')"
expect 5 compare --json 'Octavian Scholz' 'Olaf Scholz' && pycheck "Octavian Scholz ~ Olaf Scholz: no match" "
assert d['match'] is False and d['score'] < d['threshold'], d
assert d['score'] < $SCHOLZE"
[[ ! -e "$LOOKOUT_DB" ]] && ok "compare creates no store" || fail "compare created $LOOKOUT_DB"

expect 0 compare --schema Person --json 'Sergej Lawrow' 'LAVROV, Sergei Viktorovich' &&
	pycheck "compare across romanisations" "
assert d['match'] is True, d"
expect 5 compare --threshold 0.99 'Olaf Scholze' 'Olaf Scholz' && ok "--threshold 0.99: exit 5"

expect 0 compare 'Olaf Scholze' 'Olaf Scholz' && {
	head -n 1 "$TMP/out" | grep -qE '^score 0\.[0-9]{3}, threshold 0\.70: match$' ||
		fail "compare first line: $(head -n 1 "$TMP/out")"
	grep -qiE 'scholze ~ scholz \((fuzzy|phonetic), 0\.[0-9]{2}\)' "$TMP/out" ||
		fail "compare does not explain the parts: $OUT"
	ok "human compare output"
}
expect 5 compare 'Octavian Scholz' 'Olaf Scholz' &&
	grep -qE '^score 0\.[0-9]{3}, threshold 0\.70: no match$' "$TMP/out" &&
	ok "human compare: no match" || fail "human no match: $OUT"

expect 2 compare 'Olaf Scholz' && ok "one name: exit 2"
expect 2 compare a b c && ok "three names: exit 2"
expect 2 compare --schema Boat a b && ok "bad --schema: exit 2"
run compare $'Olaf \xff' 'Olaf Scholz' && ((RC == 65)) && ok "invalid UTF-8: exit 65" ||
	fail "invalid UTF-8 name: exit $RC: $ERR"

# --batch: one JSON line per row in input order; malformed rows reported, the run goes on
{
	printf 'name1,name2,schema,note\n'
	printf 'Olaf Scholze,Olaf Scholz,,a\n'
	printf 'Octavian Scholz,Olaf Scholz,Person,b\n'
	printf ',Olaf Scholz,,empty name1\n'
	printf 'only two,fields\n'
	printf 'Olaf \xff\xfe,Olaf Scholz,,bad utf-8\n'
	printf 'Olaf Scholz,Olaf Scholz,Boat,bad schema\n'
	printf '%s,Olaf Scholz,,too long\n' "$(head -c 5000 /dev/zero | tr '\0' a)"
	printf '"Lawrow, Sergej",Sergei Lavrov,Person,quoted\n'
} >"$TMP/pairs.csv"
expect 6 compare --batch "$TMP/pairs.csv" && python3 - "$TMP/out" <<'PY' && ok "compare --batch: rows in order, errors per row" || fail "compare --batch output: $OUT"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [l["row"] for l in lines] == list(range(1, 9)), [l["row"] for l in lines]
good = {1: True, 2: False, 8: True}
for l in lines:
    if l["row"] in good:
        assert set(l) == {"row", "name1", "name2", "score", "match"}, l
        assert l["match"] is good[l["row"]], l
    else:
        assert set(l) == {"row", "error"}, l
assert lines[0]["name1"] == "Olaf Scholze" and lines[0]["name2"] == "Olaf Scholz"
assert lines[7]["name1"] == "Lawrow, Sergej"
err = {l["row"]: l["error"] for l in lines if "error" in l}
assert "line 4" in err[3] and "name1" in err[3], err[3]
assert "line 5" in err[4] and "fields" in err[4], err[4]
assert "line 6" in err[5] and "UTF-8" in err[5], err[5]
assert "line 7" in err[6] and "Boat" in err[6], err[6]
assert "line 8" in err[7] and "5000 bytes" in err[7], err[7]
PY
[[ "$ERR" =~ compared\ 8\ rows\ .*2\ matched,\ 5\ errors ]] && ok "compare --batch summary" ||
	fail "compare --batch summary: $ERR"

printf 'name1,name2\nOlaf Scholze,Olaf Scholz\nOctavian Scholz,Olaf Scholz\n' >"$TMP/ok.csv"
expect 0 compare --batch "$TMP/ok.csv" --out "$TMP/scores.jsonl" --quiet &&
	[[ -z "$OUT" && -z "$ERR" ]] && [[ "$(wc -l <"$TMP/scores.jsonl")" -eq 2 ]] &&
	ok "compare --batch --out --quiet: exit 0, the file has the lines, nothing on stdout/stderr" ||
	fail "compare --batch --out: $OUT $ERR"
printf '{"name1":"Olaf Scholze","name2":"Olaf Scholz"}\n' >"$TMP/pairs.jsonl"
run compare --batch - --quiet <"$TMP/pairs.jsonl"
[[ $RC -eq 0 && "$OUT" == '{"row":1,"name1":"Olaf Scholze","name2":"Olaf Scholz",'* ]] &&
	ok "compare --batch reads JSON lines from standard input" ||
	fail "compare --batch JSONL: $RC $OUT $ERR"
printf 'first,second\na,b\n' >"$TMP/nohdr.csv"
expect 65 compare --batch "$TMP/nohdr.csv" && [[ "$ERR" == *"name1"* ]] &&
	ok "a header without name1: exit 65" || fail "no name1 header: $ERR"

finish

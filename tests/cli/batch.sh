#!/usr/bin/env bash
# batch.sh - `lookout screen --batch` on UN 2026 + OFAC sdn-2024-05-03 + UK 2018: CSV (columns
# in any order, extra columns ignored) and JSON lines, detected from the content; one result
# set per row in input order, also on several threads; malformed rows (a bad date, an empty
# name, invalid UTF-8, a 5000-byte name, a wrong column count, a JSON line that is not an
# object) reported with their row numbers while the run continues; the summary on stderr; CSV
# output; --out; exit 0 without and 6 with malformed rows; 65 for a file without a name column.
source "$(dirname "$0")/support/common.bash"

expect 0 lists import --quiet "$LISTS/un/un_consolidated_20260227.xml" || finish
expect 0 lists import --quiet "$LISTS/ofac/sdn-2024-05-03" || finish
expect 0 lists import --quiet "$LISTS/uk/hmt_ofsi_ConList_20180413.csv" || finish

LONG="$(head -c 5000 /dev/zero | tr '\0' a)"
# rows 1-14; the expected outcome of each is in check_rows below
{
	printf 'dob,note,name,ref,country,schema,id\n'
	printf '1952-10-07,x,Wladimir Putin,r1,ru,,\n'
	printf ',,Sergej Lawrow,r2,,,\n'
	printf ',,Andrei Beloussow,r3,,Person,\n'
	printf 'not a date,,Kim Jong-un,r4,,,\n'
	printf ',,,r5,,,\n'
	printf ',,Grant \xff\xfe Shapps,r6,,,\n'
	printf ',,%s,r7,,,\n' "$LONG"
	printf ',,Juri Uschakow,r8\n'
	printf ',,김정은,r9,,,\n'
	printf ',,GRACEFUL,r10,,Vessel,\n'
	printf ',,,r11,,,1011551\n'
	printf ',,Grant Shapps,r12,gb,,\n'
	printf '1960,,Wladimir Putin,r13,,,\n'
	printf ',,"Klitschko, Wladimir",r14,,,\n'
} >"$TMP/in.csv"

# check_rows FILE: the JSON lines of the 14 rows above
check_rows() {
	python3 - "$1" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [l["row"] for l in lines] == list(range(1, 15)), [l["row"] for l in lines]
by = {l["row"]: l for l in lines}
top = {1: "ofac-35096", 2: "ofac-35233", 3: "ofac-39361", 9: "ofac-20157", 10: "ofac-37444",
       11: "ofac-37444"}
for row, want in top.items():
    l = by[row]
    assert set(l) == {"row", "ref", "query", "results", "match"}, l
    assert l["ref"] == "r%d" % row, l["ref"]
    assert l["match"] is True and l["results"][0]["id"] == want, (row, l["results"][:2])
    assert l["results"][0]["match"] is True
    for x in l["results"]:
        assert set(x) == {"id", "caption", "schema", "source", "score", "match"}, x
for row in (12, 13, 14):
    l = by[row]
    assert l["match"] is False and not any(x["match"] for x in l["results"]), (row, l)
assert by[1]["query"] == {"names": ["Wladimir Putin"], "schema": "Any",
                          "birthDates": ["1952-10-07"], "countries": ["ru"],
                          "identifiers": []}, by[1]["query"]
assert by[3]["query"]["schema"] == "Person" and by[10]["query"]["schema"] == "Vessel"
assert by[11]["query"]["names"] == [] and by[11]["query"]["identifiers"] == ["1011551"]
assert by[14]["query"]["names"] == ["Klitschko, Wladimir"]
# a contradicting birth date: Putin is there but below the threshold
p = [x for x in by[13]["results"] if x["id"] == "ofac-35096"]
assert not p or not p[0]["match"], p
assert len(by[2]["results"]) <= 5  # the default --limit of --batch
errors = {4: ("line 5", "not a date"), 5: ("line 6", "empty name"),
          6: ("line 7", "UTF-8"), 7: ("line 8", "5000 bytes"), 8: ("line 9", "fields")}
for row, (line, what) in errors.items():
    l = by[row]
    assert set(l) <= {"row", "ref", "error"} and "error" in l, l
    assert line in l["error"] and what in l["error"], (row, l["error"])
assert by[4]["ref"] == "r4" and by[5]["ref"] == "r5"
PY
}

expect 6 screen --batch "$TMP/in.csv" && check_rows "$TMP/out" &&
	ok "CSV batch: results per row in order, malformed rows reported, the run goes on" ||
	fail "CSV batch output: $(head -c 3000 "$TMP/out")"
[[ "$ERR" =~ ^screened\ 14\ rows\ in\ [0-9.]+\ s\ \([0-9]+\ rows/s\):\ 6\ matched,\ 5\ errors$ ]] &&
	ok "summary on stderr: rows, matches, errors, rows per second" || fail "summary: $ERR"
cp "$TMP/out" "$TMP/t_default.jsonl"

expect 6 screen --batch "$TMP/in.csv" --threads 1 --quiet && [[ -z "$ERR" ]] &&
	cmp -s "$TMP/out" "$TMP/t_default.jsonl" && ok "--threads 1 gives the same output; --quiet" ||
	fail "--threads 1 differs or stderr not quiet: $ERR"
expect 6 screen --batch "$TMP/in.csv" --threads 3 --quiet &&
	cmp -s "$TMP/out" "$TMP/t_default.jsonl" && ok "--threads 3 keeps the input order" ||
	fail "--threads 3 output differs"

# the same rows as JSON lines, some with several names; JSON-specific malformed lines
python3 - "$TMP/in.jsonl" <<'PY'
import json, sys
rows = [
    {"name": ["Wladimir Putin", "Владимир Путин"], "dob": "1952-10-07", "ref": "j1"},
    {"name": "Sergej Lawrow", "ref": 2},
    None,                                     # a blank line: not a row
    [1, 2],                                   # not an object
    {"name": "GRACEFUL", "schema": "Vessel", "extra": {"ignored": True}},
    {"name": 5},                              # a name that is a number
    {"name": ["Kim Jong-un"], "dob": ["1984-01-08", "1984"], "country": "kp"},
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in rows:
        f.write("\n" if r is None else json.dumps(r, ensure_ascii=False) + "\n")
    f.write('{"name": "Sergej Lawrow",\n')      # cut JSON
with open(sys.argv[1], "ab") as f:
    f.write(b'{"name": "Grant \xff Shapps"}\n')  # invalid UTF-8
    f.write(b'{"name": "' + b"a" * 70000 + b'"}\n')  # an over-long line
    f.write(b'{"name": "Juri Uschakow"}')         # no final line end
PY
expect 6 screen --batch "$TMP/in.jsonl" && python3 - "$TMP/out" <<'PY' && ok "JSON lines batch" || fail "JSONL batch: $(head -c 3000 "$TMP/out")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [l["row"] for l in lines] == list(range(1, 11)), [l["row"] for l in lines]
by = {l["row"]: l for l in lines}
assert by[1]["query"]["names"] == ["Wladimir Putin", "Владимир Путин"]
assert by[1]["results"][0]["id"] == "ofac-35096" and by[1]["match"], by[1]
assert by[2]["ref"] == "2" and by[2]["results"][0]["id"] == "ofac-35233"
assert "line 4" in by[3]["error"] and "object" in by[3]["error"], by[3]
assert by[4]["results"][0]["id"] == "ofac-37444" and by[4]["ref"] is None
assert "line 6" in by[5]["error"] and "number" in by[5]["error"], by[5]
assert by[6]["results"][0]["id"] == "ofac-20157", by[6]
assert by[6]["query"]["birthDates"] == ["1984-01-08", "1984"]
assert "line 8" in by[7]["error"] and "JSON" in by[7]["error"], by[7]
assert "line 9" in by[8]["error"] and "UTF-8" in by[8]["error"], by[8]
assert "line 10" in by[9]["error"] and "longer" in by[9]["error"], by[9]
assert by[10]["match"] is False and "error" not in by[10], by[10]
PY

# CSV output
expect 6 screen --batch "$TMP/in.csv" --format csv --quiet && python3 - "$TMP/out" <<'PY' && ok "CSV output" || fail "CSV output: $(head -c 2000 "$TMP/out")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert rows[0] == ["ref", "row", "name", "match", "top_id", "top_caption", "top_score",
                   "top_schema", "top_source", "matches", "error"], rows[0]
assert len(rows) == 15 and all(len(r) == 11 for r in rows), [len(r) for r in rows]
r1 = dict(zip(rows[0], rows[1]))
assert r1["ref"] == "r1" and r1["row"] == "1" and r1["name"] == "Wladimir Putin", r1
assert r1["match"] == "true" and r1["top_id"] == "ofac-35096" and r1["error"] == "", r1
assert r1["top_caption"] == "PUTIN, Vladimir Vladimirovich" and 0.7 <= float(r1["top_score"]) <= 1
assert int(r1["matches"]) >= 1 and r1["top_schema"] == "Person" and r1["top_source"] == "ofac_sdn"
r4 = dict(zip(rows[0], rows[4]))
assert r4["ref"] == "r4" and "not a date" in r4["error"] and r4["match"] == "", r4
r12 = dict(zip(rows[0], rows[12]))
assert r12["match"] == "false" and r12["error"] == "", r12
PY

# good rows only: exit 0; --out writes the file and nothing to stdout; standard input
printf 'name;country\nSergej Lawrow;ru\nGrant Shapps;gb\n' >"$TMP/ok.csv"
expect 0 screen --batch "$TMP/ok.csv" --out "$TMP/res.jsonl" && [[ -z "$OUT" ]] &&
	[[ "$(wc -l <"$TMP/res.jsonl")" -eq 2 ]] && ok "--out, ';' separator, no malformed rows: exit 0" ||
	fail "--out: $OUT $ERR"
run screen --batch - --quiet <"$TMP/ok.csv"
[[ $RC -eq 0 && "$(wc -l <<<"$OUT")" -eq 2 && "$OUT" == *ofac-35233* ]] &&
	ok "--batch - reads standard input" || fail "stdin batch: $RC $ERR"
expect 0 screen --batch "$TMP/ok.csv" --explain --limit 1 --quiet && python3 - "$TMP/out" <<'PY' && ok "--explain adds explanations" || fail "--explain: $OUT"
import json, sys
l = json.loads(open(sys.argv[1], encoding="utf-8").readline())
x = l["results"][0]
assert len(l["results"]) == 1 and "explanation" in x and x["explanation"]["parts"], x
PY

# broken input: no name column, empty file, a missing file, bad options
printf 'full_name,dob\nx,1952\n' >"$TMP/noname.csv"
expect 65 screen --batch "$TMP/noname.csv" && [[ "$ERR" == *"'name'"* ]] &&
	ok "no name column: exit 65" || fail "no name column: $ERR"
: >"$TMP/empty.csv"
expect 65 screen --batch "$TMP/empty.csv" && ok "empty file: exit 65"
expect 74 screen --batch "$TMP/nonexistent.csv" && ok "missing file: exit 74"
expect 2 screen --batch "$TMP/ok.csv" 'Wladimir Putin' && ok "--batch with a NAME: exit 2"
expect 2 screen --batch "$TMP/ok.csv" --format xml && ok "--format xml: exit 2"
expect 2 screen --batch "$TMP/ok.csv" --threads 0 && ok "--threads 0: exit 2"

finish

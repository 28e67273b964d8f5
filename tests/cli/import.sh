#!/usr/bin/env bash
# import.sh - `lookout lists import`, `lists show` and `lists versions` on the real lists:
# the --json shape, the no-op second import, reactivation and --skip-known, several PATHs as
# one version, and show/versions output.
source "$(dirname "$0")/support/common.bash"

UN26="$LISTS/un/un_consolidated_20260227.xml"
UN16="$LISTS/un/un_consolidated_20160211_sample.xml"

# an absent store: show is empty and creates nothing
expect 0 lists show --json && pycheck "show on an absent store is empty" '
assert d == {"sources": []}, d'
expect 0 lists show && [[ "$OUT" == *"no lists imported yet"* ]] && ok "show says the store is empty"
[[ ! -e "$LOOKOUT_DB" ]] && ok "read-only commands create no store" || fail "show created $LOOKOUT_DB"
expect 3 lists versions un_sc && [[ "$ERR" == "lookout: no store at $LOOKOUT_DB"* ]] &&
	ok "versions without a store: exit 3"

# first import: the JSON has exactly the documented keys
expect 0 lists import --json "$UN26" && pycheck "import --json shape and UN 2026 counts" '
assert set(d) == {"source", "version", "entities", "by_schema", "names", "warnings",
                  "unchanged", "hash"}, sorted(d)
assert d["source"] == "un_sc", d["source"]
assert isinstance(d["version"], int) and d["version"] > 0
assert d["entities"] == 1003, d["entities"]
assert d["by_schema"] == {"Person": 730, "Organization": 273}, d["by_schema"]
assert isinstance(d["names"], int) and d["names"] >= 1003, d["names"]
assert isinstance(d["warnings"], list) and all(isinstance(w, str) for w in d["warnings"])
assert d["unchanged"] is False
assert len(d["hash"]) == 64 and all(c in "0123456789abcdef" for c in d["hash"])'
V1="$(jget 'd["version"]')"
H1="$(jget 'd["hash"]')"

# second import of the same file: a no-op that says so
expect 0 lists import --json "$UN26" && pycheck "second import is an unchanged no-op" "
assert d['unchanged'] is True, d
assert d['version'] == $V1, d['version']
assert d['hash'] == '$H1'
assert d['entities'] == 1003"
expect 0 lists import "$UN26" && [[ "$OUT" == *"unchanged: identical to version $V1"* ]] &&
	ok "human output says unchanged" || fail "human no-op output: $OUT"
[[ "$OUT" == *"Person"*730* && "$OUT" == *"Organization"*273* && "$OUT" == *"source"*un_sc* ]] &&
	ok "human output has source and counts by schema" || fail "human import output: $OUT"

# an older list of the same source: a new version, then back to 2026 by reactivation
expect 0 lists import --json "$UN16" && pycheck "UN 2016 sample is a new version" "
assert d['unchanged'] is False and d['version'] != $V1 and d['entities'] == 239, d"
V2="$(jget 'd["version"]')"
expect 0 lists import "$UN26" && [[ "$OUT" == *"reactivated: identical to version $V1"* ]] &&
	ok "re-importing an older input reactivates it" || fail "reactivation output: $OUT"
expect 0 lists import --skip-known --json "$UN16" && pycheck "--skip-known skips a known inactive input" "
assert d['unchanged'] is True and d['version'] == $V2, d"
expect 0 lists show --json && pycheck "--skip-known left the active version alone" "
(s,) = d['sources']
assert s['source'] == 'un_sc' and s['version'] == $V1 and s['active'] is True, s"

# lists show
expect 0 lists show --json && pycheck "show --json" "
(s,) = d['sources']
assert set(s) == {'source', 'version', 'active', 'format', 'hash', 'imported_at', 'published',
                  'entities', 'by_schema', 'names', 'warnings', 'sanctions'}, sorted(s)
assert s['sanctions'] is True
assert s['format'] == 'un_xml' and s['hash'] == '$H1' and s['entities'] == 1003
assert s['by_schema'] == {'Person': 730, 'Organization': 273}
assert s['published'] is None or s['published'].startswith('2026-02-27'), s['published']
assert s['imported_at'] and s['imported_at'].endswith('Z')
assert isinstance(s['names'], int) and isinstance(s['warnings'], int)"
expect 0 lists show && [[ "$OUT" == *SOURCE*VERSION*FORMAT*HASH* && "$OUT" == *un_sc*un_xml*"${H1:0:12}"*1003* ]] &&
	ok "show prints a table with the short hash" || fail "show output: $OUT"

# lists versions: newest first, one active
expect 0 lists versions un_sc --json && pycheck "versions --json" "
assert d['source'] == 'un_sc'
vs = d['versions']
assert [v['version'] for v in vs] == sorted([$V1, $V2], reverse=True), vs
assert [v['version'] for v in vs if v['active']] == [$V1]"
expect 0 lists versions un_sc && [[ "$OUT" == *VERSION*ACTIVE* ]] && ok "versions table"
expect 3 lists versions no_such_source && [[ "$ERR" == "lookout: "*no_such_source* ]] &&
	ok "versions of an unknown source: exit 3"

# several PATHs are one version: the OFAC consolidated set given file by file
CONS="$LISTS/ofac/cons-2025-12-19"
expect 0 lists import --json "$CONS/cons_prim.csv" "$CONS/cons_add.csv" "$CONS/cons_alt.csv" \
	"$CONS/cons_comments.csv" && pycheck "four OFAC files make one ofac_cons version" '
assert d["source"] == "ofac_cons" and d["entities"] == 442, d'
H_FILES="$(jget 'd["hash"]')"
expect 0 lists import --json "$CONS" && pycheck "the same set as a directory is the same version" "
assert d['unchanged'] is True and d['hash'] == '$H_FILES', d"

# lists of different formats cannot be one version
run lists import "$UN26" "$LISTS/uk/hmt_ofsi_ConList_20180413.csv"
[[ $RC -ne 0 && "$ERR" == "lookout: "* ]] && ok "a UN XML and a UK CSV together are refused (exit $RC)" ||
	fail "mixed formats: exit $RC, $ERR"

# --source, and a missing file
expect 0 lists import --json --source un_test "$UN16" && pycheck "--source names the source" '
assert d["source"] == "un_test"'
run lists import "$TMP/does-not-exist.xml"
[[ $RC -eq 74 && "$ERR" == *does-not-exist.xml* ]] && ok "a missing file: exit 74, named" ||
	fail "missing file: exit $RC, $ERR"

# the progress bar: never on a pipe; on a terminal (script(1) gives one) drawn on stderr and
# erased, also with --json, whose stdout stays clean JSON
expect 0 --db "$TMP/p.db" lists import "$UN16" && [[ -z "$ERR" ]] &&
	ok "no progress bar when stderr is not a terminal" || fail "stderr on a pipe: $ERR"
if command -v script >/dev/null; then
	script -qec "'$LOOKOUT_BIN' --db '$TMP/p2.db' lists import --json '$UN26' \
		>'$TMP/tty.json'" /dev/null >"$TMP/tty.err" </dev/null
	if grep -q 'parsing \[' "$TMP/tty.err" && grep -q $'\e\[K' "$TMP/tty.err"; then
		ok "progress bar drawn and erased on a terminal"
	else
		fail "no progress bar on a terminal: $(od -c "$TMP/tty.err" | head -3)"
	fi
	cp "$TMP/tty.json" "$TMP/out"
	pycheck "--json stdout is clean with a progress bar on stderr" '
assert d["entities"] == 1003'
	script -qec "'$LOOKOUT_BIN' --db '$TMP/p3.db' lists import -q '$UN16' >/dev/null" \
		/dev/null >"$TMP/tty.err" </dev/null
	grep -q 'parsing' "$TMP/tty.err" && fail "--quiet still drew a progress bar" ||
		ok "--quiet: no progress bar on a terminal"
else
	echo "skip: script(1) not found, progress bar on a terminal not tested"
fi

# --db takes precedence over $LOOKOUT_DB; --quiet keeps stderr empty
expect 0 --db "$TMP/other.db" lists import --quiet "$UN16" && [[ -z "$ERR" ]] &&
	ok "--quiet: nothing on stderr"
expect 0 lists show --json --db "$TMP/other.db" && pycheck "--db selects another store" '
assert [s["source"] for s in d["sources"]] == ["un_sc"] and d["sources"][0]["entities"] == 239'

finish

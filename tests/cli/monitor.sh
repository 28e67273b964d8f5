#!/usr/bin/env bash
# monitor.sh - the monitoring commands end to end through the CLI: customers import (CSV and
# JSON lines, bad rows with their row numbers), monitor run --json, alerts list/show/decide,
# customers list/show/remove, audit verify/export, and tampering with one audit row in
# SQLite making `audit verify` fail and name it.
source "$(dirname "$0")/support/common.bash"

OFAC="$LISTS/ofac/sdn-2019-01"
expect 0 lists import "$OFAC/sdn.csv" "$OFAC/add.csv" "$OFAC/alt.csv" --quiet || finish

cat >"$TMP/c.csv" <<'CSV'
ref,name,schema,dob,country,id,aliases
C1,Banco Nacional de Cuba,Organization,,,,
C2,Patricia Lucas Wheeler,Person,1961-01-08,Chile,,P. L. Wheeler;Pat Wheeler
C3,,Person,,,,
C4,Somebody,Alien,,,,
C5,Alice Example,Person,not a date,,,
CSV
expect 6 customers import "$TMP/c.csv" --quiet &&
	[[ "$OUT" == *"5 rows: 2 added"*"3 bad"* ]] && ok "customers import: summary with bad rows" ||
	fail "customers import: $OUT"
[[ "$ERR" == *"row 3: customer: the name is missing"* && "$ERR" == *"row 4:"*"schema"* &&
	"$ERR" == *"row 5:"*"not a date"* ]] && ok "bad rows named by row number" ||
	fail "bad rows: $ERR"

printf '{"ref":"J1","name":"Kim Jong Un","schema":"Person","aliases":["Kim Jong-un"]}\n{"ref":"J2","name":7}\nnot json\n' >"$TMP/c.jsonl"
expect 6 customers import "$TMP/c.jsonl" --json --quiet &&
	[[ "$(jq -c '[.rows,.added,.bad]' <<<"$OUT")" == "[3,1,2]" ]] && ok "JSON lines import" ||
	fail "jsonl: $OUT $ERR"

expect 0 customers list --json &&
	[[ "$(jq -r '[.[].ref] | join(",")' <<<"$OUT")" == "C1,C2,J1" ]] && ok "customers list" ||
	fail "customers list: $OUT"

expect 0 monitor run --json --quiet &&
	[[ "$(jq -r 'keys | join(",")' <<<"$OUT")" == "alerts_closed,alerts_new,duration_s,screened" ]] &&
	[[ "$(jq .screened <<<"$OUT")" == 3 ]] && ok "monitor run --json: $OUT" || fail "monitor run: $OUT $ERR"
new="$(jq .alerts_new <<<"$OUT")"
((new >= 1)) || fail "no alert for Banco Nacional de Cuba"

expect 0 alerts list --json &&
	[[ "$(jq -r '.[0] | keys | join(",")' <<<"$OUT")" == "created_at,customer_ref,entity_id,id,score,source,status" ]] &&
	ok "alerts list --json keys" || fail "alerts list: $OUT"
id="$(jq -r '[.[] | select(.customer_ref == "C1")][0].id' <<<"$OUT")"
[[ "$id" =~ ^[0-9]+$ ]] || fail "no alert for C1: $OUT"

expect 0 alerts show "$id" && [[ "$OUT" == *"customer C1"* && "$OUT" == *"explanation:"* &&
	"$OUT" == *"BANCO NACIONAL DE CUBA"* ]] && ok "alerts show" || fail "alerts show: $OUT"
expect 2 alerts decide "$id" --decision maybe --reason x --by me
expect 2 alerts decide "$id" --decision true-match
expect 3 alerts decide 99999 --decision true-match --reason x --by me
expect 0 alerts decide "$id" --decision false-positive --reason "other bank" --by "Reviewer" &&
	ok "alerts decide"
expect 0 alerts list --status false-positive --json &&
	[[ "$(jq length <<<"$OUT")" == 1 ]] && ok "alerts list --status" || fail "status: $OUT"
expect 2 alerts list --status nope

expect 0 monitor run --json --quiet &&
	[[ "$(jq '[.screened,.alerts_new]' -c <<<"$OUT")" == "[0,0]" ]] &&
	ok "second run: nothing new, the false positive stays suppressed" || fail "rerun: $OUT"

# the compliance report shows the alert and its decision
expect 0 report --since 2000-01-01 --format csv &&
	grep -q "^alert,.*,ofac-306,.*,C1,0\.[0-9]*,false-positive," "$TMP/out" &&
	grep -q "^decision,.*,C1,,false-positive,Reviewer,other bank" "$TMP/out" &&
	ok "report (CSV) lists the alert with its decision" || fail "report csv: $OUT"
expect 0 report --since 2000-01-01 && [[ "$OUT" == *"BANCO NACIONAL DE CUBA"* &&
	"$OUT" == *"other bank"* && "$OUT" != *"keeps no alerts"* ]] &&
	ok "report (HTML) shows the alert details" || fail "report html"

expect 0 customers show C1 && [[ "$OUT" == *"false-positive"* ]] && ok "customers show" ||
	fail "customers show: $OUT"
expect 3 customers show NOPE
expect 0 customers remove C2 && expect 0 customers list --all --json &&
	[[ "$(jq -r '.[] | select(.ref == "C2") | .removed' <<<"$OUT")" == true ]] &&
	ok "customers remove keeps the customer, flagged" || fail "remove: $OUT"

expect 0 audit verify && [[ "$OUT" == *"intact"* ]] && ok "audit verify" || fail "verify: $OUT"
expect 0 audit export --since 2000-01-01 &&
	[[ "$(jq -s 'map(.action) | index("alert.decide") != null' <<<"$OUT")" == true ]] &&
	ok "audit export" || fail "export: $OUT"
expect 65 audit export --since yesterday
expect 0 audit export --since 2999-01-01 && [[ -z "$OUT" ]] || fail "export of the future: $OUT"

# Tampering: edit one record directly in SQLite
sqlite3 "$LOOKOUT_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 4;" ||
	fail "sqlite3 edit"
expect 7 audit verify && [[ "$ERR" == *"broken at record 4"* ]] &&
	ok "tampered record 4 named: $ERR" || fail "tampering not found: $OUT $ERR"
expect 7 audit verify --json && [[ "$(jq .first_bad <<<"$OUT")" == 4 ]] || fail "verify --json: $OUT"

finish

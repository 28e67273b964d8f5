#!/usr/bin/env bash
# scan.sh - `lookout scan-text` and `lookout scan-payment` on UN 2026 + OFAC sdn-2024-05-03 +
# UK 2018: the seed news page reports exactly Putin, Kim Jong Un, Lavrov and Belousov with
# byte offsets that cut out exactly the text reported; stdin; the table; exit codes 0/5/2/65;
# payment fixtures as JSON lines with verdicts, malformed messages reported and skipped (6);
# --source sanctions leaves out a FollowTheMoney file of political donations.
source "$(dirname "$0")/support/common.bash"

SEED="$LOOKOUT_DATA/text/news_de_russia_dprk_pact_2024-06-19.txt"
PAY="$LOOKOUT_FIXTURES/payments"

expect 3 scan-text "$SEED" && ok "no store: exit 3" || fail "no store: $ERR"

expect 0 lists import --quiet "$LISTS/un/un_consolidated_20260227.xml" || finish
expect 0 lists import --quiet "$LISTS/ofac/sdn-2024-05-03" || finish
expect 0 lists import --quiet "$LISTS/uk/hmt_ofsi_ConList_20180413.csv" || finish

expect 0 scan-text --json "$SEED" && pycheck "seed page: exactly the four listed persons" "
raw = open('$SEED', 'rb').read()
ids = {m['results'][0]['id'] for m in d['mentions']}
assert ids == {'ofac-35096', 'ofac-20157', 'ofac-35233', 'ofac-39361'}, ids
for m in d['mentions']:
    assert raw[m['start']:m['end']].decode() == m['text'], m
    assert m['results'][0]['match'] is True
assert sum(1 for m in d['mentions'] if m['results'][0]['id'] == 'ofac-35096') == 16
texts = [m['text'] for m in d['mentions']]
for t in ('Uschakow', 'Rjabkow', 'Shapps', 'Koh', 'Nguyen', 'Minh', 'Sung'):
    assert not any(t in x for x in texts), t
assert d['stats']['mentions'] == len(d['mentions'])"

expect 0 scan-text --json --schema Vessel - <<<"Das Tankschiff NS ANTARCTIC (IMO 9413559) lag vor Anker." &&
	pycheck "stdin, --schema Vessel, IMO number" "
assert [m['how'] for m in d['mentions']] == ['name', 'identifier'], d
assert all(m['results'][0]['id'] == 'ofac-46972' for m in d['mentions'])"

expect 0 scan-text "$SEED" && [[ "$OUT" == *"Sergej Lawrow"*"LAVROV, Sergei Viktorovich"* ]] &&
	[[ "$ERR" == *"28 mentions"* ]] && ok "table and summary" || fail "table: $OUT / $ERR"

expect 5 scan-text - <<<"Grant Shapps und Juri Uschakow trafen sich in Berlin." &&
	ok "nothing listed: exit 5" || fail "exit 5"
printf 'Putin \xff\n' >"$TMP/bad.txt"
expect 65 scan-text "$TMP/bad.txt" && [[ "$ERR" == *"UTF-8"* ]] && ok "invalid UTF-8: 65" ||
	fail "bad utf-8: $ERR"
expect 2 scan-text && ok "no FILE: usage" || fail "usage"
expect 2 scan-text --threshold 2 "$SEED" && ok "bad threshold: usage" || fail "threshold"
expect 74 scan-text "$TMP/none.txt" && ok "missing file: 74" || fail "missing file: $RC"

expect 0 scan-payment --json "$PAY/mt103_sovcomflot.txt" "$PAY/mt103_vessel.txt" \
	"$PAY/pacs008_sovcomflot.xml" "$PAY/pacs008_vessel.xml" &&
	python3 - "$TMP/out" <<'PY' && ok "payments: hits as JSON lines" || fail "payments json: $OUT"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l['verdict'] for l in lines] == ['hit'] * 4, lines
assert [l['type'] for l in lines] == ['mt103', 'mt103', 'pacs.008', 'pacs.008']
ben = [p for p in lines[0]['parties'] if p['role'] == 'beneficiary'][0]
assert ben['results'][0]['id'] == 'ofac-34741'
rmt = lines[1]['texts'][0]['mentions'][0]
assert rmt['text'] == 'IMO 9413559' and rmt['results'][0]['id'] == 'ofac-46972'
PY

expect 5 scan-payment "$PAY/mt103_clear.txt" "$PAY/pacs008_clear.xml" &&
	[[ "$OUT" == *"LK-CLR-0003, line 1): clear"* ]] && [[ "$ERR" == *"3 messages: 0 hit, 3 clear"* ]] &&
	ok "clear payments: exit 5" || fail "clear: $OUT / $ERR"

expect 6 scan-payment --json "$PAY/mt103_stream.txt" &&
	[[ "$ERR" == *"line 22: mt103: message 2:"* ]] && python3 - "$TMP/out" <<'PY' && ok "malformed: records" || fail "malformed records: $OUT"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l.get('verdict') for l in lines if 'verdict' in l] == ['hit', 'clear'], lines
errs = [l for l in lines if 'error' in l]
assert [(e['index'], e['line']) for e in errs] == [(2, 22), (3, 27), (4, 30), (5, 34)], errs
PY
expect 2 scan-payment && ok "scan-payment without FILE: usage" || fail "usage"

# A dataset of political donations is not a sanctions list: a payment to a company named in
# it is a hit against every list, and clear against --source sanctions.
expect 0 lists import --quiet --source ftm_parteispenden \
	"$LISTS/ftm/yente_fixture_parteispenden_entities.ftm.json" || finish
expect 0 lists show --json && pycheck "lists show: which sources are sanctions lists" "
flags = {s['source']: s['sanctions'] for s in d['sources']}
assert flags == {'ftm_parteispenden': False, 'ofac_sdn': True, 'uk_hmt': True, 'un_sc': True}, flags"
printf '{1:F01BANKDEFFAXXX0000000000}{2:I103BANKGB2LXXXXN}{4:\n:20:LK-DON-1\n:23B:CRED\n:32A:240102EUR5000,\n:50K:/DE123\nHANS MEIER\n:59:/DE456\nDEUTSCHE BANK AG\n:71A:SHA\n-}\n' >"$TMP/donation.txt"
expect 0 scan-payment "$TMP/donation.txt" && [[ "$OUT" == *"DEUTSCHE BANK AG"*"Deutsche Bank AG"* ]] &&
	ok "every list: the donations dataset's company is a hit" || fail "donation, all: $OUT"
expect 5 scan-payment --source sanctions "$TMP/donation.txt" &&
	expect 0 scan-payment --source sanctions "$PAY/mt103_sovcomflot.txt" &&
	expect 0 scan-payment --source sanctions --source ftm_parteispenden "$TMP/donation.txt" &&
	expect 0 scan-payment --source default "$TMP/donation.txt" &&
	ok "--source sanctions: clear; SOVCOMFLOT still a hit; sources add up" ||
	fail "--source sanctions: $RC $OUT $ERR"
expect 3 scan-text --source sanction - <<<"Putin" && [[ "$ERR" == *"no source 'sanction'"* ]] &&
	ok "unknown source: 3" || fail "unknown source: $ERR"

finish

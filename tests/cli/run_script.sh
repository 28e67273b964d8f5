#!/usr/bin/env bash
# run_script.sh - scripts/run.sh (what `make run` does) imports every list into a fresh
# store with a history per source, and a second run writes nothing. (--import-only: the
# server it then starts is tested in tests/server/.)
source "$(dirname "$0")/support/common.bash"

export LOOKOUT_BIN
if ! LOOKOUT_BIN="$LOOKOUT_BIN" "$REPO/scripts/run.sh" --import-only >"$TMP/run1" 2>&1; then
	fail "first run failed: $(cat "$TMP/run1")"
	finish
fi
grep -q FAILED "$TMP/run1" && fail "first run reports failures: $(cat "$TMP/run1")"
expect 0 lists show --json && pycheck "first run loads every source" '
got = {s["source"]: s for s in d["sources"]}
for src in ("un_sc", "ofac_sdn", "ofac_cons", "uk_hmt", "eu_fsf"):
    assert src in got, (src, sorted(got))
assert any(s.startswith("ftm_") for s in got), sorted(got)
assert got["un_sc"]["entities"] == 1003 and got["ofac_sdn"]["entities"] == 14965
assert got["uk_hmt"]["entities"] == 2106'
FIRST="$OUT"
expect 0 lists versions ofac_sdn --json && pycheck "OFAC SDN has three versions, 2024 active" '
vs = d["versions"]
assert len(vs) == 3 and vs[0]["active"] and vs[0]["entities"] == 14965, vs'
expect 0 lists diff un_sc --limit 0 && ok "UN has a history to diff"

if ! LOOKOUT_BIN="$LOOKOUT_BIN" "$REPO/scripts/run.sh" --import-only >"$TMP/run2" 2>&1; then
	fail "second run failed: $(cat "$TMP/run2")"
fi
n_new="$(grep -cE ' (imported|reactivated):' "$TMP/run2")"
((n_new == 0)) && ok "second run imports nothing" || fail "second run changed things: $(cat "$TMP/run2")"
expect 0 lists show --json
[[ "$OUT" == "$FIRST" ]] && ok "second run leaves the store as it was" ||
	fail "the store changed on the second run"

finish

#!/usr/bin/env bash
# help.sh - every command answers --help with exit 0 (usage, options, examples, exit codes on
# stdout); `lookout help CMD` gives the same text; usage errors exit 2 with a
# "lookout: ..." message; --version prints the version.
source "$(dirname "$0")/support/common.bash"

expect 0 --help && [[ "$OUT" == *"usage: lookout"* && "$OUT" == *"Commands:"* ]] &&
	ok "lookout --help" || fail "lookout --help: $OUT"
[[ "$OUT" == *"Exit codes:"* && "$OUT" == *" 65 "* ]] || fail "lookout --help lacks exit codes"
expect 0 -h && ok "lookout -h"
expect 0 --version && [[ "$OUT" =~ ^lookout\ [0-9]+\.[0-9]+\.[0-9]+$ ]] &&
	ok "lookout --version: $OUT" || fail "--version printed '$OUT'"
expect 0 help && [[ "$OUT" == *"Commands:"* ]] && ok "lookout help"

# The commands, as `lookout --help` lists them.
mapfile -t CMDS < <("$LOOKOUT_BIN" --help |
	awk '/^Commands:/{on=1; next} on && /^$/{exit} on {print}' |
	sed -E 's/^  ([a-z-]+( [a-z-]+)?)  .*/\1/; s/ +$//')
((${#CMDS[@]} >= 5)) || fail "lookout --help lists only ${#CMDS[@]} commands"

for cmd in "${CMDS[@]}"; do
	# shellcheck disable=SC2086
	if expect 0 $cmd --help; then
		if [[ "$cmd" == help ]]; then
			[[ "$OUT" == *"usage: lookout"* ]] || fail "lookout help --help: $OUT"
		else
			for section in "usage: lookout $cmd" "Options:" "Examples:" "Exit codes:"; do
				[[ "$OUT" == *"$section"* ]] || fail "lookout $cmd --help lacks '$section'"
			done
		fi
		[[ -z "$ERR" ]] || fail "lookout $cmd --help wrote to stderr: $ERR"
		help_text="$OUT"
		# shellcheck disable=SC2086
		expect 0 help $cmd && [[ "$OUT" == "$help_text" ]] ||
			fail "lookout help $cmd differs from lookout $cmd --help"
		ok "lookout $cmd --help"
	fi
done

# -h after the command, global options before and after it
expect 0 lists import -h && [[ "$OUT" == *"usage: lookout lists import"* ]] && ok "-h"
expect 0 --db "$TMP/x.db" lists show --help && ok "--db before the command"
expect 0 lists --help && [[ "$OUT" == *"lists import"* && "$OUT" == *"lists diff"* ]] &&
	ok "lookout lists --help lists its commands"

# usage errors: exit 2, one line "lookout: ..." on stderr
expect 2 && [[ "$ERR" == *"lookout: a command is required"* ]] && ok "no command: exit 2"
expect 2 frobnicate && [[ "$ERR" == *"lookout: 'frobnicate' is not a command"* ]] &&
	ok "unknown command: exit 2"
expect 2 lists && ok "lists without a subcommand: exit 2"
expect 2 lists frob && ok "unknown lists subcommand: exit 2"
expect 2 lists show --frob && [[ "$ERR" == "lookout: unknown option '--frob'"* ]] &&
	ok "unknown option: exit 2" || fail "unknown option message: $ERR"
expect 2 lists import && [[ "$ERR" == *"PATH"* ]] && ok "import without PATH: exit 2"
expect 2 lists import --source && [[ "$ERR" == *"needs a value"* ]] && ok "--source without value"
expect 2 lists import --source 'bad name!' x && ok "bad source name: exit 2"
expect 2 lists show --json=yes && ok "flag with a value: exit 2"
expect 2 lists diff && ok "diff without SOURCE: exit 2"
expect 2 lists diff ofac_sdn 1 && ok "diff with FROM only: exit 2"
expect 2 lists diff ofac_sdn one two && ok "diff with non-numeric ids: exit 2"
expect 2 lists diff ofac_sdn --limit -3 && ok "diff with a negative limit: exit 2"
expect 2 lists versions && ok "versions without SOURCE: exit 2"
expect 2 entity && ok "entity without ID: exit 2"
expect 2 entity a b && ok "entity with two IDs: exit 2"
expect 2 help frobnicate && ok "help of an unknown command: exit 2"
[[ ! -e "$LOOKOUT_DB" ]] && ok "no store created by usage errors" ||
	fail "a usage error created $LOOKOUT_DB"

finish

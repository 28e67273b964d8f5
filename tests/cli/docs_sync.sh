#!/usr/bin/env bash
# docs_sync.sh - every command listed by `lookout --help` has a page docs/cli/<cmd>.md (spaces
# become '-'), every page belongs to a command (lookout.md is the tool itself), and every
# option a command's --help mentions appears on its page. Like curl's docs-sync tests.
source "$(dirname "$0")/support/common.bash"

DOCS="$REPO/docs/cli"
[[ -d "$DOCS" ]] || { fail "no $DOCS"; finish; }

mapfile -t CMDS < <("$LOOKOUT_BIN" --help |
	awk '/^Commands:/{on=1; next} on && /^$/{exit} on {print}' |
	sed -E 's/^  ([a-z-]+( [a-z-]+)?)  .*/\1/; s/ +$//')
((${#CMDS[@]} >= 5)) || fail "lookout --help lists only ${#CMDS[@]} commands"

declare -A want
want[lookout]=1
for cmd in "${CMDS[@]}"; do
	[[ "$cmd" == help ]] && continue # documented on lookout.md
	want["${cmd// /-}"]="$cmd" # the page of `lists import` is lists-import, of scan-text scan-text
done

for page in "${!want[@]}"; do
	[[ -f "$DOCS/$page.md" ]] && ok "docs/cli/$page.md exists" ||
		fail "command '$page' has no docs/cli/$page.md"
done
for f in "$DOCS"/*.md; do
	page="$(basename "$f" .md)"
	[[ -n "${want[$page]:-}" ]] || fail "docs/cli/$page.md documents no command"
done

# the options of each command's --help appear on its page; the page names every command
for page in "${!want[@]}"; do
	f="$DOCS/$page.md"
	[[ -f "$f" ]] || continue
	if [[ "$page" == lookout ]]; then
		help="$("$LOOKOUT_BIN" --help)"
		for cmd in "${CMDS[@]}"; do
			grep -qF "\`$cmd\`" "$f" || fail "lookout.md does not mention \`$cmd\`"
		done
	else
		cmd="${want[$page]}"
		# shellcheck disable=SC2086
		help="$("$LOOKOUT_BIN" $cmd --help)"
		grep -qF "lookout $cmd" "$f" || fail "$page.md lacks 'lookout $cmd'"
	fi
	while read -r opt; do
		grep -qF -- "$opt" "$f" || fail "$page.md does not document $opt"
	done < <(grep -oE '(^|[ ,\[])--[a-z][a-z-]*' <<<"$help" | sed -E 's/^[ ,\[]//' | sort -u)
	# exit codes named in --help are on the page too
	while read -r code; do
		grep -qE "^\| $code \|" "$f" || fail "$page.md lacks exit code $code"
	done < <(awk '/^Exit codes:/{on=1; next} on && /^$/{exit} on {print $1}' <<<"$help" |
		grep -E '^[0-9]+$')
	ok "docs/cli/$page.md matches --help"
done

finish

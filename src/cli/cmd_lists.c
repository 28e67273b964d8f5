/*
 * cmd_lists.c - the `lookout lists` group: its dispatch table and its help.
 *
 * Each subcommand lives in its own file (cmd_lists_<name>.c) with its --help text; a new
 * subcommand (update, export, ...) is one entry here and a page docs/cli/lists-<name>.md.
 */
#include "cli.h"

const char cli_help_lists[] =
	"usage: lookout lists <command> [<args>]\n"
	"\n"
	"Import official sanctions lists as versions of their source, and inspect the versions\n"
	"and the differences between them. A source (un_sc, ofac_sdn, uk_hmt, ...) has a history\n"
	"of versions; one of them is active.\n";

const cli_command cli_lists_commands[] = {
	{"import", "Import a list version from official files", cmd_lists_import, NULL,
	 cli_help_lists_import},
	{"show", "Show each source with its active version and counts", cmd_lists_show, NULL,
	 cli_help_lists_show},
	{"versions", "Show the version history of a source", cmd_lists_versions, NULL,
	 cli_help_lists_versions},
	{"diff", "Show entities added, removed and changed between two versions",
	 cmd_lists_diff, NULL, cli_help_lists_diff},
	{"update", "Fetch the official files, verify them, import what changed",
	 cmd_lists_update, NULL, cli_help_lists_update},
	{NULL, NULL, NULL, NULL, NULL},
};

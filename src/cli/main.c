/*
 * main.c - the `lookout` command: the top-level dispatch table, `--help`, `--version` and
 * `lookout help CMD`.
 *
 * Commands are looked up git-style in a table of cli_command entries; a group such as
 * `lists` points to its own table. A new command is one entry here (or in its group's
 * table) and one cmd_<name>.c file with its --help text and a page in docs/cli/.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ais.h"
#include "cli_monitor.h"
#include "cli_scan.h"

static int cmd_help(cli_ctx *ctx, int argc, char **argv);

static const char help_main[] =
	"usage: lookout [--db PATH] [--quiet] <command> [<args>]\n"
	"       lookout --help | --version\n"
	"       lookout help <command>\n"
	"\n"
	"Lookout keeps official sanctions lists (UN, OFAC, EU, UK, FollowTheMoney) in a versioned\n"
	"store, shows what each version holds and what changed between versions, and screens\n"
	"names against them.\n";

static const char help_help[] =
	"usage: lookout help [<command>...]\n"
	"\n"
	"Show the help of a command: 'lookout help lists import' is 'lookout lists import --help'.\n"
	"\n"
	"Exit codes:\n"
	"  0  success\n"
	"  2  no such command\n";

/* The top-level commands. Later commands (serve, ...) are added here. */
static const cli_command commands[] = {
	{"lists", "Import, inspect and compare list versions", NULL, cli_lists_commands,
	 cli_help_lists},
	{"entity", "Show one entity with every property and its provenance", cmd_entity, NULL,
	 cli_help_entity},
	{"screen", "Screen names against the lists: scored, explained matches", cmd_screen, NULL,
	 cli_help_screen},
	{"compare", "Score two names against each other and explain the score", cmd_compare,
	 NULL, cli_help_compare},
	{"ais", "Decode AIS ship messages", NULL, cli_ais_commands, cli_help_ais},
	{"customers", "The customers under monitoring", NULL, cli_customers_commands,
	 cli_help_customers},
	{"monitor", "Monitoring runs: screen customers and list changes", NULL,
	 cli_monitor_commands, cli_help_monitor},
	{"alerts", "Review alerts and record decisions", NULL, cli_alerts_commands,
	 cli_help_alerts},
	{"audit", "Verify and export the audit trail", NULL, cli_audit_commands, cli_help_audit},
	{"serve", "Serve the HTTP API (yente-compatible) and the web UI", cmd_serve, NULL,
	 cli_help_serve},
	{"keys", "Create, list and revoke API keys for the server", NULL, cli_keys_commands,
	 cli_help_keys},
	{"report", "Compliance report: list changes, alerts and decisions since a date",
	 cmd_report, NULL, cli_help_report},
	{"scan-text", "Find listed persons, organisations and vessels in free text",
	 cmd_scan_text, NULL, cli_help_scan_text},
	{"scan-payment", "Screen the parties and texts of MT103 and pacs.008 payments",
	 cmd_scan_payment, NULL, cli_help_scan_payment},
	{"help", "Show the help of a command", cmd_help, NULL, help_help},
	{NULL, NULL, NULL, NULL, NULL},
};

/* Exit codes grouped by value, in ascending order, with every description that maps to each,
 * from the same X-macro table that defines the codes. */
static void print_exit_codes(FILE *f)
{
	static const struct {
		int exit_code;
		const char *desc;
	} map[] = {
#define LK__EXIT_ROW(name, value, exitcode, desc) {exitcode, desc},
		LK_ERROR_MAP(LK__EXIT_ROW)
#undef LK__EXIT_ROW
	};
	int last = -1;

	fputs("\nExit codes:\n", f);
	for (;;) {
		int next = -1;
		size_t col = 0;

		/* the smallest exit code above the last one printed */
		for (size_t i = 0; i < LK_ARRAY_SIZE(map); i++) {
			if (map[i].exit_code > last && (next < 0 || map[i].exit_code < next))
				next = map[i].exit_code;
		}
		if (next < 0)
			break;
		fprintf(f, "  %3d  ", next);
		for (size_t i = 0; i < LK_ARRAY_SIZE(map); i++) {
			size_t len = strlen(map[i].desc);

			if (map[i].exit_code != next)
				continue;
			if (col > 0 && col + len + 2 > 80) {
				fputs(";\n       ", f);
				col = 0;
			} else if (col > 0) {
				fputs("; ", f);
				col += 2;
			}
			fputs(map[i].desc, f);
			col += len;
		}
		fputc('\n', f);
		last = next;
	}
}

static void print_main_help(FILE *f)
{
	fputs(help_main, f);
	fputs("\nCommands:\n", f);
	cli_print_commands(f, commands, "");
	fputs("\nGlobal options (accepted before or after the command):\n"
	      "  --db PATH    the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	      "  -q, --quiet  no progress bar on stderr\n"
	      "  -h, --help   show help (of the command, after one)\n"
	      "  -V, --version\n"
	      "               print the version and exit\n",
	      f);
	print_exit_codes(f);
	fputs("\nRun 'lookout help <command>' or 'lookout <command> --help' for details.\n", f);
}

/* lookout help [cmd [sub...]] */
static int cmd_help(cli_ctx *ctx, int argc, char **argv)
{
	const cli_command *table = commands;
	const cli_command *c = NULL;
	char path[128] = "lookout";
	int npos;
	int rc;

	rc = cli_parse(ctx, "lookout help", NULL, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help && npos == 0)
		return cli_print_help(help_help);
	if (npos == 0) {
		print_main_help(stdout);
		return 0;
	}
	for (int i = 1; i <= npos; i++) {
		if (!table)
			return cli_usage_error("lookout help", "'%s %s' is not a command", path,
			                       argv[i]);
		c = cli_find(table, argv[i]);
		if (!c)
			return cli_usage_error("lookout help", "'%s %s' is not a command", path,
			                       argv[i]);
		snprintf(path + strlen(path), sizeof(path) - strlen(path), " %s", c->name);
		table = c->sub;
	}
	if (c->sub) {
		/* a group: its help with its command list, like 'lookout lists --help' */
		char *args[] = {"--help", NULL};

		return cli_dispatch(ctx, c->sub, path, c->help, 1, args);
	}
	return cli_print_help(c->help);
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	int i = 1;
	int rc;

	/* --version and a bare --help are answered here; everything else goes to the table */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
			printf("lookout %s\n", LK_VERSION);
			return 0;
		}
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_main_help(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				rc = cli_usage_error("lookout", "option '--db' needs a value");
				goto done;
			}
			ctx.db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			ctx.db = argv[i] + 5;
		} else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
			ctx.quiet = true;
		} else {
			rc = cli_usage_error("lookout", "unknown option '%s'", argv[i]);
			goto done;
		}
	}
	if (i >= argc) {
		print_main_help(stderr);
		rc = cli_usage_error("lookout", "a command is required");
		goto done;
	}
	rc = cli_dispatch(&ctx, commands, "lookout", help_main, argc - i, argv + i);
done:
	if (fflush(stdout) != 0 && rc >= 0)
		rc = lk_error_set(LK_EIO, "cannot write to standard output");
	if (rc < 0) {
		cli_print_error(rc);
		return lk_error_exit_code(rc);
	}
	return rc; /* 0, or a command's outcome code (CLI_EXIT_NO_MATCH, ...) */
}

/*
 * cli_util.c - the plumbing every `lookout` command shares: dispatching through command
 * tables, parsing options, finding and opening the store, reporting errors.
 *
 * Options are parsed by a small parser of our own rather than getopt_long, because the
 * global options (--db, --quiet, --help) are accepted at every level of the command path
 * (`lookout --db x lists show` and `lookout lists show --db x` mean the same) and because
 * the nested dispatch would otherwise have to reset getopt's global state between levels.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* ---- errors ---- */

void cli_print_error(int code)
{
	const lk_error *e = lk_error_last();
	const char *msg = (e->code == code && e->message[0]) ? e->message : lk_strerror(code);

	fprintf(stderr, "lookout: %s\n", msg);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lk_error_set(LK_EUSAGE, "%s (see '%s --help')", msg, cmd);
}

int cli_print_help(const char *help)
{
	fputs(help, stdout);
	return 0;
}

int cli_begin(cli_ctx *ctx, const char *cmd, const cli_option *opts, const char *help,
              const char *what, int argc, char **argv)
{
	int npos;
	int rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help) {
		cli_print_help(help);
		return 1;
	}
	if (!what && npos != 0)
		return cli_usage_error(cmd, "no arguments are expected");
	if (what && npos != 1)
		return npos ? cli_usage_error(cmd, "only one %s is expected", what)
		            : cli_usage_error(cmd, "%s is required", what);
	return 0;
}

bool cli_parse_int64(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = (int64_t)v;
	return true;
}

/* ---- options ---- */

/*
 * Match "--name" or "--name=value" against name. Returns false if arg is not that option;
 * otherwise *inline_value is the text after '=' or NULL.
 */
static bool long_match(const char *arg, const char *name, const char **inline_value)
{
	size_t n = strlen(name);

	if (strncmp(arg + 2, name, n) != 0)
		return false;
	if (arg[2 + n] == '\0') {
		*inline_value = NULL;
		return true;
	}
	if (arg[2 + n] == '=') {
		*inline_value = arg + 3 + n;
		return true;
	}
	return false;
}

/*
 * Apply one option: a value option takes inline_value or the next argument (advancing *i),
 * a flag refuses a value.
 */
static int apply_option(const char *cmd, const char *shown, const char **value, bool *flag,
                        const char *inline_value, int argc, char **argv, int *i)
{
	if (value) {
		if (!inline_value) {
			if (*i + 1 >= argc)
				return cli_usage_error(cmd, "option '%s' needs a value", shown);
			inline_value = argv[++*i];
		}
		*value = inline_value;
		return 0;
	}
	if (inline_value)
		return cli_usage_error(cmd, "option '%s' takes no value", shown);
	*flag = true;
	return 0;
}

/*
 * Try argv[*i] as a repeatable option of lists: append its value. Returns 1 if consumed, 0 if
 * it is none of them, or LK_EUSAGE.
 */
static int take_list_option(const char *cmd, const cli_list_option *lists, int argc,
                            char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *inline_value = NULL;
	const char *value = NULL;
	char shown[64];
	int rc;

	if (arg[0] != '-' || arg[1] != '-')
		return 0;
	for (const cli_list_option *l = lists; l && l->name; l++) {
		if (!long_match(arg, l->name, &inline_value))
			continue;
		snprintf(shown, sizeof(shown), "--%s", l->name);
		rc = apply_option(cmd, shown, &value, NULL, inline_value, argc, argv, i);
		if (rc < 0)
			return rc;
		if (*l->count >= l->max)
			return cli_usage_error(cmd, "option '%s' given more than %zu times", shown,
			                       l->max);
		l->values[(*l->count)++] = value;
		return 1;
	}
	return 0;
}

/*
 * Try argv[*i] as an option: first the command's own (opts, then lists), then the global
 * ones. Returns 1 if consumed, 0 if it is not an option (a positional), or LK_EUSAGE.
 */
static int take_option(cli_ctx *ctx, const char *cmd, const cli_option *opts,
                       const cli_list_option *lists, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *inline_value = NULL;
	const cli_option globals[] = {
		{"db", 0, &ctx->db, NULL},
		{"quiet", 'q', NULL, &ctx->quiet},
		{"help", 'h', NULL, &ctx->help},
		{NULL, 0, NULL, NULL},
	};
	const cli_option *sets[2] = {opts, globals};
	char shown[64];
	int rc;

	if (arg[0] != '-' || arg[1] == '\0')
		return 0;
	rc = take_list_option(cmd, lists, argc, argv, i);
	if (rc != 0)
		return rc;
	for (size_t s = 0; s < 2; s++) {
		for (const cli_option *o = sets[s]; o && o->name; o++) {
			if (arg[1] == '-' && long_match(arg, o->name, &inline_value)) {
				snprintf(shown, sizeof(shown), "--%s", o->name);
			} else if (arg[1] != '-' && o->short_name && arg[1] == o->short_name &&
			           arg[2] == '\0') {
				snprintf(shown, sizeof(shown), "-%c", o->short_name);
				inline_value = NULL;
			} else {
				continue;
			}
			rc = apply_option(cmd, shown, o->value, o->flag, inline_value, argc, argv, i);
			return rc < 0 ? rc : 1;
		}
	}
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_parse(cli_ctx *ctx, const char *cmd, const cli_option *opts, int argc, char **argv,
              int *npos)
{
	return cli_parse_lists(ctx, cmd, opts, NULL, argc, argv, npos);
}

int cli_parse_lists(cli_ctx *ctx, const char *cmd, const cli_option *opts,
                    const cli_list_option *lists, int argc, char **argv, int *npos)
{
	int n = 0;
	bool only_positionals = false;
	int rc;

	for (const cli_list_option *l = lists; l && l->name; l++)
		*l->count = 0;
	for (int i = 1; i < argc; i++) {
		if (!only_positionals && strcmp(argv[i], "--") == 0) {
			only_positionals = true;
			continue;
		}
		if (!only_positionals) {
			rc = take_option(ctx, cmd, opts, lists, argc, argv, &i);
			if (rc < 0)
				return rc;
			if (rc > 0)
				continue;
		}
		/* n + 1 <= i, so this never overwrites an argument not yet read */
		argv[1 + n++] = argv[i];
	}
	*npos = n;
	return 0;
}

/* ---- dispatch ---- */

const cli_command *cli_find(const cli_command *table, const char *name)
{
	for (const cli_command *c = table; c->name; c++) {
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

static void collect_width(const cli_command *table, size_t prefix_len, size_t *width)
{
	for (const cli_command *c = table; c->name; c++) {
		size_t w = prefix_len + strlen(c->name);

		if (c->sub)
			collect_width(c->sub, w + 1, width);
		else if (w > *width)
			*width = w;
	}
}

static void print_level(FILE *f, const cli_command *table, const char *prefix, size_t width)
{
	char name[128];

	for (const cli_command *c = table; c->name; c++) {
		snprintf(name, sizeof(name), "%s%s", prefix, c->name);
		if (c->sub) {
			char deeper[128];

			snprintf(deeper, sizeof(deeper), "%s ", name);
			print_level(f, c->sub, deeper, width);
			continue;
		}
		fprintf(f, "  %-*s  %s\n", (int)width, name, c->summary);
	}
}

void cli_print_commands(FILE *f, const cli_command *table, const char *prefix)
{
	size_t width = 0;

	collect_width(table, strlen(prefix), &width);
	print_level(f, table, prefix, width);
}

static void print_group_help(FILE *f, const char *prefix, const cli_command *table,
                             const char *group_help)
{
	/* "lookout lists" lists its commands as "lists import", ...; the top level as is */
	const char *space = strchr(prefix, ' ');
	char sub_prefix[128];

	snprintf(sub_prefix, sizeof(sub_prefix), "%s%s", space ? space + 1 : "", space ? " " : "");
	fputs(group_help, f);
	fputs("\nCommands:\n", f);
	cli_print_commands(f, table, sub_prefix);
	fprintf(f, "\nRun '%s <command> --help' for the options of a command.\n", prefix);
}

int cli_dispatch(cli_ctx *ctx, const cli_command *table, const char *prefix,
                 const char *group_help, int argc, char **argv)
{
	const cli_command *c;
	char path[128];
	int i = 0;
	int rc;

	/* global options may come before the command name */
	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		rc = take_option(ctx, prefix, NULL, NULL, argc, argv, &i);
		if (rc < 0)
			return rc;
		i++;
	}
	if (ctx->help) {
		print_group_help(stdout, prefix, table, group_help);
		return 0;
	}
	if (i >= argc) {
		print_group_help(stderr, prefix, table, group_help);
		return cli_usage_error(prefix, "a command is required");
	}
	c = cli_find(table, argv[i]);
	if (!c)
		return cli_usage_error(prefix, "'%s' is not a command", argv[i]);
	snprintf(path, sizeof(path), "%s %s", prefix, c->name);
	if (c->sub)
		return cli_dispatch(ctx, c->sub, path, c->help, argc - i - 1, argv + i + 1);
	return c->run(ctx, argc - i, argv + i);
}

/* ---- the store ---- */

const char *cli_db_path(const cli_ctx *ctx)
{
	const char *env;

	if (ctx->db && ctx->db[0])
		return ctx->db;
	env = getenv("LOOKOUT_DB");
	if (env && env[0])
		return env;
	return "./lookout.db";
}

int cli_store_open(cli_ctx *ctx, bool create, lk_store **out)
{
	const char *path = cli_db_path(ctx);
	struct stat st;

	*out = NULL;
	if (!create && stat(path, &st) != 0 && errno == ENOENT)
		return lk_error_set(LK_ENOTFOUND,
		                    "no store at %s: import a list first (lookout lists import PATH)",
		                    path);
	return lk_store_open(out, path);
}

/* ---- small formatting helpers ---- */

const char *cli_short_hash(const char *hash, char buf[13])
{
	snprintf(buf, 13, "%s", hash ? hash : "");
	return buf;
}

const char *cli_schema_summary(const size_t counts[LK_SCHEMA__COUNT], char *out, size_t size)
{
	size_t used = 0;

	assert(size > 0);
	out[0] = '\0';
	for (int s = 0; s < LK_SCHEMA__COUNT; s++) {
		int n;

		if (!counts[s])
			continue;
		n = snprintf(out + used, size - used, "%s%s %zu", used ? ", " : "",
		             lk_schema_name((lk_schema)s), counts[s]);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return out;
}

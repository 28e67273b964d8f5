/*
 * cli.h - what the `lookout` command's files share: the command table, option parsing, the
 * store handle, error reporting, JSON output, aligned tables and the progress bar.
 *
 * The CLI uses only the public API (include/lookout/). Every command is a function
 * `int cmd_x(cli_ctx *ctx, int argc, char **argv)` that returns 0 or a negative lk_error_code
 * with details recorded through lk_error_set(); main() turns that into "lookout: <message>"
 * on stderr and the exit code from lk_error_exit_code().
 */
#ifndef LOOKOUT_CLI_H
#define LOOKOUT_CLI_H

#include <stdio.h>
#include <jansson.h>

#include "lookout/lookout.h"

/* State shared by every command: the global options. */
typedef struct cli_ctx {
	const char *db;  /* --db PATH, else NULL (then $LOOKOUT_DB, else ./lookout.db) */
	bool quiet;      /* --quiet: no progress bar on stderr */
	bool json;       /* --json, for commands that support it */
	bool help;       /* --help was given */
} cli_ctx;

/*
 * A command returns 0, a negative lk_error_code (an error: main() prints the message and
 * exits with lk_error_exit_code()), or one of the positive outcome codes below, which
 * main() uses as the exit code as it is. Outcome codes say how a command that ran went,
 * for scripts; they lie outside the exit codes of LK_ERROR_MAP (0-4, 64-78) so that an
 * outcome is never mistaken for an error.
 */
typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv);

enum {
	CLI_EXIT_NO_MATCH = 5,   /* screen, compare: ran, and nothing reached the threshold */
	CLI_EXIT_ROW_ERRORS = 6  /* --batch: ran to the end, and some rows were malformed */
};

/*
 * One entry of a dispatch table. A table ends with an entry whose name is NULL. A command
 * either runs (run) or dispatches to a nested table (sub), like `lookout lists import`.
 */
typedef struct cli_command {
	const char *name;     /* "import" */
	const char *summary;  /* one line for the command list */
	cli_cmd_fn run;       /* NULL if the command only groups subcommands */
	const struct cli_command *sub;
	const char *help;     /* full --help text: usage, options, examples, exit codes */
} cli_command;

/* ---- command tables and commands (one file each) ---- */

extern const cli_command cli_lists_commands[];

int cmd_lists_import(cli_ctx *ctx, int argc, char **argv);
int cmd_lists_show(cli_ctx *ctx, int argc, char **argv);
int cmd_lists_versions(cli_ctx *ctx, int argc, char **argv);
int cmd_lists_diff(cli_ctx *ctx, int argc, char **argv);
int cmd_lists_update(cli_ctx *ctx, int argc, char **argv);
int cmd_entity(cli_ctx *ctx, int argc, char **argv);
int cmd_screen(cli_ctx *ctx, int argc, char **argv);
int cmd_compare(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);

extern const char cli_help_lists[];
extern const char cli_help_lists_import[];
extern const char cli_help_lists_show[];
extern const char cli_help_lists_versions[];
extern const char cli_help_lists_diff[];
extern const char cli_help_lists_update[];
extern const char cli_help_entity[];
extern const char cli_help_screen[];
extern const char cli_help_compare[];
extern const char cli_help_report[];

/* the HTTP server and its API keys (cmd_serve.c, cmd_keys.c) */
extern const cli_command cli_keys_commands[];
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
extern const char cli_help_serve[];
extern const char cli_help_keys[];
extern const char cli_help_keys_create[];
extern const char cli_help_keys_list[];
extern const char cli_help_keys_revoke[];

/*
 * Run the command named argv[0] from table (argv[0] is then the command's own argv[0]).
 * prefix is the command path so far ("lookout lists") for messages. With no argv[0] or
 * "--help", prints the table's help (group_help) to stdout and returns 0.
 */
int cli_dispatch(cli_ctx *ctx, const cli_command *table, const char *prefix,
                 const char *group_help, int argc, char **argv);

/* Find a command by name in a table; NULL if absent. */
const cli_command *cli_find(const cli_command *table, const char *name);

/* Print a table's commands as an aligned "  name  summary" list, names prefixed by
 * prefix ("lists " gives "lists import"); nested tables are expanded. */
void cli_print_commands(FILE *f, const cli_command *table, const char *prefix);

/* ---- options ---- */

/* One option a command accepts besides the global ones (--db, --quiet, --help). */
typedef struct cli_option {
	const char *name;    /* long name without "--", e.g. "source" */
	char short_name;     /* e.g. 's', or 0 */
	const char **value;  /* set to the option's argument: the option takes one */
	bool *flag;          /* set to true: the option is a flag */
} cli_option;

/*
 * An option that may be given several times (`--dob 1952 --dob 1953`): its values are
 * collected in order into values[0..max), *count says how many. More than max is a usage
 * error.
 */
typedef struct cli_list_option {
	const char *name;     /* long name without "--" */
	const char **values;  /* room for max values */
	size_t max;
	size_t *count;        /* set to 0 by the parser, then counts the values */
} cli_list_option;

/*
 * Parse argv[1..argc-1] (argv[0] is the command name) against opts (ending with a zeroed
 * entry; may be NULL) and the global options. Accepts "--name value", "--name=value",
 * "-x value", "-x" for flags, and "--" to end options. The positional arguments are moved
 * to the front of argv[1..] in order; *npos receives how many. Returns 0, or LK_EUSAGE with a
 * message naming the option and cmd (e.g. "lookout lists import").
 */
int cli_parse(cli_ctx *ctx, const char *cmd, const cli_option *opts, int argc, char **argv,
              int *npos);

/* cli_parse with options that may be repeated (lists ends with a zeroed entry; may be NULL). */
int cli_parse_lists(cli_ctx *ctx, const char *cmd, const cli_option *opts,
                    const cli_list_option *lists, int argc, char **argv, int *npos);

/* Print help text to stdout (it ends with a newline). Returns 0. */
int cli_print_help(const char *help);

/*
 * The start most commands share: parse argv against opts, print help for --help, and check the
 * positional arguments: none when what is NULL, else exactly one, named what in the messages
 * ("FILE is required", "only one FILE is expected"). Returns 0 to go on, 1 when the help was
 * printed (the command is done: exit 0), or an error code already recorded. Usage:
 *     if ((rc = cli_begin(ctx, cmd, opts, help, "REF", argc, argv)) != 0)
 *         return rc < 0 ? rc : 0;
 */
int cli_begin(cli_ctx *ctx, const char *cmd, const cli_option *opts, const char *help,
              const char *what, int argc, char **argv);

/* Record a usage error: "<fmt> (see '<cmd> --help')". Returns LK_EUSAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) LK_PRINTF(2, 3);

/* Parse a positive decimal integer (a version id, a limit). false if not one. */
bool cli_parse_int64(const char *s, int64_t *out);

/* ---- the store ---- */

/* The database path: --db, else $LOOKOUT_DB if set and non-empty, else "./lookout.db". */
const char *cli_db_path(const cli_ctx *ctx);

/*
 * Open the store. With create false and no database file at the path, returns LK_ENOTFOUND
 * with a message saying so (read-only commands do not create empty databases).
 */
int cli_store_open(cli_ctx *ctx, bool create, lk_store **out);

/* ---- errors ---- */

/* Print "lookout: <message of the last error>" (or the code's description) to stderr. */
void cli_print_error(int code);


/* ---- JSON ---- */

/* Dump a JSON value to stdout (indented, UTF-8, a trailing newline) and release it.
 * NULL (an allocation failure while building it) gives LK_ENOMEM. */
int cli_json_print(json_t *v);

/* Counts by schema as a JSON object {"Person": n, ...}, zero counts left out. */
json_t *cli_json_by_schema(const size_t counts[LK_SCHEMA__COUNT]);

/* Set key to a string, or to null when s is NULL or "". */
void cli_json_set_str(json_t *obj, const char *key, const char *s);

/*
 * A version as JSON: {"source","version","active","format","hash","imported_at",
 * "published","entities","by_schema","names","warnings"} ("warnings" is the count).
 * NULL if out of memory.
 */
json_t *cli_json_version(const lk_version_info *v);

/*
 * Print versions to stdout, as JSON or as an aligned table. With source NULL they are the
 * active versions of every source (`lists show`): {"sources": [...]}, or a table with a
 * SOURCE column. With a source they are that source's history (`lists versions`):
 * {"source": source, "versions": [...]}, or a table with ACTIVE and WARNINGS columns. An empty
 * set prints a header-only table (callers say "nothing yet" themselves). Returns 0 or an error.
 */
int cli_print_versions(bool json, const char *source, const lk_version_info *vs, size_t n);

/* ---- aligned tables for humans ---- */

typedef struct cli_table {
	size_t ncols;
	char **cells;     /* rows * ncols strings, malloc'd */
	size_t nrows;
	size_t cap;
	size_t max_width; /* cells wider than this are not padded to (0: no cap) */
	bool failed;      /* an allocation failed; cli_table_print reports LK_ENOMEM */
} cli_table;

void cli_table_init(cli_table *t, size_t ncols, size_t max_width);
void cli_table_dispose(cli_table *t);

/* Append a row of t->ncols cells (NULL cells print as empty). */
void cli_table_add(cli_table *t, const char *const *cells);

/* Append a row built from printf-style cells: each argument is one cell's text. */
void cli_table_addv(cli_table *t, ...);

/* Print with two spaces between columns, the last column unpadded. Returns 0 or LK_ENOMEM. */
int cli_table_print(const cli_table *t, FILE *f);

/* Display width of a UTF-8 string in terminal columns (East Asian wide characters are 2). */
size_t cli_display_width(const char *s);

/* ---- progress ---- */

typedef struct cli_progress {
	bool enabled;        /* stderr is a terminal and not --quiet */
	const char *label;
	int last_permille;   /* last drawn, -1 before the first draw */
	bool drawn;
} cli_progress;

/* Set up a progress bar labelled label; enabled only if stderr is a TTY and not quiet. */
void cli_progress_init(cli_progress *p, const cli_ctx *ctx, const char *label);

/* An lk_progress_fn: ctx is a cli_progress. */
void cli_progress_update(void *ctx, uint64_t done, uint64_t total);

/* Show a one-line status in place of the bar ("storing 14965 entities"), if enabled. */
void cli_progress_status(cli_progress *p, const char *fmt, ...) LK_PRINTF(2, 3);

/* Erase the bar (if drawn) so that what follows starts on a clean line. */
void cli_progress_done(cli_progress *p);

/* ---- small formatting helpers ---- */

/* The first 12 hex digits of a hash (or the whole string if shorter) into buf. */
const char *cli_short_hash(const char *hash, char buf[13]);

/* "Person 730, Organization 273" for the non-zero counts into out (truncated to size). */
const char *cli_schema_summary(const size_t counts[LK_SCHEMA__COUNT], char *out, size_t size);

#endif

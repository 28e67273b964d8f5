/*
 * cmd_compare.c - `lookout compare NAME1 NAME2`: score two names against each other with the
 * screening scorer and threshold, and explain the score; `--batch FILE` does it for every
 * row (name1, name2, optional schema) of a file, one JSON line per row in input order.
 *
 * This is how an analyst checks why two spellings do or do not meet ("Olaf Scholze" and
 * "Olaf Scholz"), and how a tuning run scores a file of pairs. No store is needed: without
 * an index the engine weighs name parts by the rarity of a typical name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_batch.h"
#include "cli_match.h"

const char cli_help_compare[] =
	"usage: lookout compare [--schema S] [--threshold T] [--json] NAME1 NAME2\n"
	"       lookout compare --batch FILE [--out FILE] [--threads N] [--schema S]\n"
	"                       [--threshold T]\n"
	"\n"
	"Compare two names directly with the scorer and threshold of 'lookout screen', and\n"
	"explain the score: how the parts of NAME1 align to those of NAME2. Needs no store.\n"
	"\n"
	"Options:\n"
	"      --schema S     Person, Organization, Company, Vessel, Airplane, LegalEntity,\n"
	"                     PublicBody or Any (default Any): how to read the names\n"
	"      --threshold T  the score from which the names match, 0 to 1 (default 0.70)\n"
	"      --json         print {\"score\", \"match\", \"threshold\", \"explanation\"}\n"
	"      --batch FILE   compare the pairs of FILE ('-' reads standard input): CSV with a\n"
	"                     header naming 'name1' and 'name2' and optionally 'schema' (which\n"
	"                     overrides --schema for its row), or JSON lines with those keys;\n"
	"                     prints one JSON line per row, in input order:\n"
	"                     {\"row\", \"name1\", \"name2\", \"score\", \"match\"}, or\n"
	"                     {\"row\", \"error\"} for a malformed row\n"
	"      --out FILE     with --batch: write the JSON lines to FILE\n"
	"      --threads N    with --batch: compare on N threads (default: the processors)\n"
	"  -q, --quiet        no progress bar and no summary on stderr (--batch)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Examples:\n"
	"  lookout compare 'Olaf Scholze' 'Olaf Scholz'\n"
	"  lookout compare --schema Person --json 'Sergej Lawrow' 'LAVROV, Sergei Viktorovich'\n"
	"  lookout compare --batch pairs.csv --out scores.jsonl\n"
	"\n"
	"Exit codes:\n"
	"   0  the names match (--batch: every row was compared)\n"
	"   2  invalid usage (not two names, a bad option value)\n"
	"   5  the names do not match (not used with --batch)\n"
	"   6  --batch: the run finished, but some rows were malformed (reported per row)\n"
	"  65  a name is not valid UTF-8 or has nothing to compare; --batch: the file cannot be\n"
	"      read as CSV or JSON lines\n"
	"  74  a file cannot be read or written\n";

enum { COL_NAME1, COL_NAME2, COL_SCHEMA, NCOLS };

static const cli_batch_column columns[NCOLS] = {
	[COL_NAME1] = {"name1", true, false, false},
	[COL_NAME2] = {"name2", true, false, false},
	[COL_SCHEMA] = {"schema", false, false, false},
};

typedef struct compare_ctx {
	lk_schema schema;
	double threshold;
} compare_ctx;

static int print_human(const lk_match_result *r, double threshold)
{
	char score[16];

	printf("score %s, threshold %.2f: %s\n", cli_score_text(r->score, score), threshold,
	       r->match ? "match" : "no match");
	cli_print_explanation(stdout, &r->explanation, 0, false);
	return 0;
}

static int print_json(const lk_match_result *r, double threshold)
{
	json_t *o = json_object();

	if (!o)
		return lk_error_set(LK_ENOMEM, "out of memory building JSON output");
	json_object_set_new(o, "score", json_real(r->score));
	json_object_set_new(o, "match", json_boolean(r->match));
	json_object_set_new(o, "threshold", json_real(threshold));
	json_object_set_new(o, "explanation", cli_json_explanation(&r->explanation));
	return cli_json_print_doc(o);
}

/* The record of a malformed row: {"row", "error"}. */
static int put_error(const cli_batch_row *row, const char *why, cli_batch_out *out)
{
	json_t *o = json_object();
	int rc;

	out->error = true;
	if (!o)
		return lk_error_set(LK_ENOMEM, "out of memory");
	json_object_set_new(o, "row", json_integer(row->row));
	json_object_set_new(o, "error", json_string(why));
	rc = cli_json_put_line(&out->text, o);
	json_decref(o);
	return rc;
}

/* A cli_batch_fn: compare the two names of one row. */
static int compare_row(void *vctx, const cli_batch_row *row, cli_batch_out *out)
{
	const compare_ctx *c = vctx;
	lk_schema schema = c->schema;
	lk_match_result r;
	char why[600];
	json_t *o;
	int rc;

	if (row->error[0])
		return put_error(row, row->error, out);
	for (int col = COL_NAME1; col <= COL_NAME2; col++) {
		if (row->n[col] == 0) {
			snprintf(why, sizeof(why), "line %ld: empty %s", row->line,
			         columns[col].name);
			return put_error(row, why, out);
		}
	}
	if (row->n[COL_SCHEMA] && !cli_parse_schema(row->v[COL_SCHEMA][0], &schema)) {
		snprintf(why, sizeof(why), "line %ld: schema '%s' is not a schema", row->line,
		         row->v[COL_SCHEMA][0]);
		return put_error(row, why, out);
	}
	rc = lk_match_compare(&r, row->v[COL_NAME1][0], row->v[COL_NAME2][0], schema,
	                      c->threshold);
	if (rc == LK_ENOMEM)
		return rc;
	if (rc < 0) {
		snprintf(why, sizeof(why), "line %ld: %s", row->line, lk_error_last()->message);
		return put_error(row, why, out);
	}
	o = json_object();
	if (!o)
		return lk_error_set(LK_ENOMEM, "out of memory");
	json_object_set_new(o, "row", json_integer(row->row));
	json_object_set_new(o, "name1", json_string(row->v[COL_NAME1][0]));
	json_object_set_new(o, "name2", json_string(row->v[COL_NAME2][0]));
	json_object_set_new(o, "score", json_real(r.score));
	json_object_set_new(o, "match", json_boolean(r.match));
	out->match = r.match;
	rc = cli_json_put_line(&out->text, o);
	json_decref(o);
	return rc;
}

static int run_batch(cli_ctx *ctx, const char *path, const char *out, const char *threads,
                     const compare_ctx *c)
{
	static const char cmd[] = "lookout compare";
	cli_batch_reader *r = NULL;
	cli_batch_stats stats;
	cli_progress progress;
	unsigned nthreads = cli_batch_default_threads();
	FILE *f = stdout;
	int64_t n;
	int rc;

	if (threads) {
		if (!cli_parse_int64(threads, &n) || n > CLI_BATCH_MAX_THREADS)
			return cli_usage_error(cmd, "--threads '%s' is not a number from 1 to %d",
			                       threads, CLI_BATCH_MAX_THREADS);
		nthreads = (unsigned)n;
	}
	rc = cli_batch_open(&r, path, columns, NCOLS);
	if (rc < 0)
		goto done;
	if (out) {
		f = fopen(out, "wb");
		if (!f) {
			rc = lk_error_set(LK_EIO, "%s: cannot write: %s", out, strerror(errno));
			f = stdout;
			goto done;
		}
	}
	cli_progress_init(&progress, ctx, "comparing");
	rc = cli_batch_run(r, compare_row, (void *)c, nthreads, f, NULL, &progress, &stats);
	if (!ctx->quiet)
		cli_batch_print_summary("compared", &stats);
	if (rc == 0 && stats.errors)
		rc = CLI_EXIT_ROW_ERRORS;
done:
	if (f != stdout && fclose(f) != 0 && rc >= 0)
		rc = lk_error_set(LK_EIO, "%s: cannot write", out);
	cli_batch_close(r);
	return rc;
}

int cmd_compare(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout compare";
	const char *schema = NULL, *threshold = NULL, *batch = NULL, *out = NULL;
	const char *threads = NULL;
	const cli_option opts[] = {
		{"schema", 0, &schema, NULL},   {"threshold", 0, &threshold, NULL},
		{"json", 0, NULL, &ctx->json},  {"batch", 0, &batch, NULL},
		{"out", 0, &out, NULL},         {"threads", 0, &threads, NULL},
		{NULL, 0, NULL, NULL},
	};
	compare_ctx c = {LK_SCHEMA_UNKNOWN, LK_MATCH_DEFAULT_THRESHOLD};
	lk_match_result r;
	int npos;
	int rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_compare);
	if (schema && !cli_parse_schema(schema, &c.schema))
		return cli_usage_error(cmd, "--schema '%s' is not a schema (Person, Organization, "
		                            "Company, Vessel, Airplane, Any, ...)",
		                       schema);
	if (threshold && !cli_parse_threshold(threshold, &c.threshold))
		return cli_usage_error(cmd, "--threshold '%s' is not a number from 0 to 1",
		                       threshold);
	if (batch) {
		if (npos)
			return cli_usage_error(cmd, "with --batch, the names come from the file");
		return run_batch(ctx, batch, out, threads, &c);
	}
	if (out || threads)
		return cli_usage_error(cmd, "--%s goes with --batch", out ? "out" : "threads");
	if (npos != 2)
		return cli_usage_error(cmd, "two names are expected, NAME1 and NAME2 (got %d)",
		                       npos);
	rc = lk_match_compare(&r, argv[1], argv[2], c.schema, c.threshold);
	if (rc < 0)
		return rc;
	rc = ctx->json ? print_json(&r, c.threshold) : print_human(&r, c.threshold);
	if (rc < 0)
		return rc;
	return r.match ? 0 : CLI_EXIT_NO_MATCH;
}

/*
 * cmd_screen_batch.c - `lookout screen --batch FILE`: screen every row of a CSV or JSON-lines
 * file on several threads and write one result set per row, in input order, as JSON lines or
 * CSV; a progress bar while it runs and a summary at the end, both on stderr.
 *
 * A malformed row (a date that is no date, no name, invalid UTF-8, an over-long field, a wrong
 * column count, a schema or gender that is not one) is written as a record with its row
 * number and the reason, counted, and the run goes on: one bad record in a customer file
 * of a million must not cost the other 999,999 their screening. The exit code then says
 * that some rows were malformed (6), so that a scheduler notices.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_batch.h"
#include "cli_screen.h"

enum { COL_NAME, COL_SCHEMA, COL_DOB, COL_COUNTRY, COL_ID, COL_GENDER, COL_REF, NCOLS };

static const cli_batch_column columns[NCOLS] = {
	/* name, required, multi (JSON arrays), numbers (JSON integers) */
	[COL_NAME] = {"name", true, true, false},
	[COL_SCHEMA] = {"schema", false, false, false},
	[COL_DOB] = {"dob", false, true, false},
	[COL_COUNTRY] = {"country", false, true, false},
	[COL_ID] = {"id", false, true, true},
	[COL_GENDER] = {"gender", false, false, false},
	[COL_REF] = {"ref", false, false, true},
};

static const char csv_header[] =
	"ref,row,name,match,top_id,top_caption,top_score,top_schema,top_source,matches,error\n";

typedef struct batch_ctx {
	lk_index *ix;
	lk_query base;   /* schema, threshold, limit, sources for every row */
	bool csv;
	bool explain;
} batch_ctx;

static const char *first(const cli_batch_row *row, int col)
{
	return row->n[col] ? row->v[col][0] : NULL;
}

/* The record of a malformed row. */
static int put_error(const batch_ctx *b, const cli_batch_row *row, const char *why,
                     cli_batch_out *out)
{
	json_t *o;
	int rc;

	out->error = true;
	if (b->csv) {
		rc = cli_csv_put(&out->text, first(row, COL_REF));
		if (rc == 0)
			rc = lk_buf_printf(&out->text, ",%ld,", row->row);
		if (rc == 0)
			rc = cli_csv_put(&out->text, first(row, COL_NAME));
		if (rc == 0)
			rc = lk_buf_puts(&out->text, ",,,,,,,,");
		if (rc == 0)
			rc = cli_csv_put(&out->text, why);
		return rc == 0 ? lk_buf_putc(&out->text, '\n') : rc;
	}
	o = json_object();
	if (!o)
		return lk_error_set(LK_ENOMEM, "out of memory");
	json_object_set_new(o, "row", json_integer(row->row));
	if (first(row, COL_REF))
		json_object_set_new(o, "ref", json_string(first(row, COL_REF)));
	json_object_set_new(o, "error", json_string(why));
	rc = cli_json_put_line(&out->text, o);
	json_decref(o);
	return rc;
}

static int put_csv(const cli_batch_row *row, const lk_match_results *res, bool match,
                   cli_batch_out *out)
{
	const lk_match_result *top = res->count ? &res->items[0] : NULL;
	size_t nmatch = 0;
	int rc;

	for (size_t i = 0; i < res->count; i++)
		nmatch += res->items[i].match;
	rc = cli_csv_put(&out->text, first(row, COL_REF));
	if (rc == 0)
		rc = lk_buf_printf(&out->text, ",%ld,", row->row);
	if (rc == 0)
		rc = cli_csv_put(&out->text, first(row, COL_NAME));
	if (rc == 0)
		rc = lk_buf_printf(&out->text, ",%s,", match ? "true" : "false");
	if (rc == 0 && top) {
		rc = cli_csv_put(&out->text, top->entity->id);
		if (rc == 0)
			rc = lk_buf_putc(&out->text, ',');
		if (rc == 0)
			rc = cli_csv_put(&out->text, top->entity->caption);
		if (rc == 0)
			rc = lk_buf_printf(&out->text, ",%.6g,%s,", top->score,
			                   lk_schema_name(top->entity->schema));
		if (rc == 0)
			rc = cli_csv_put(&out->text, top->entity->source);
	} else if (rc == 0) {
		rc = lk_buf_puts(&out->text, ",,,,");
	}
	if (rc == 0)
		rc = lk_buf_printf(&out->text, ",%zu,\n", nmatch);
	return rc;
}

static int put_jsonl(const batch_ctx *b, const cli_batch_row *row, const lk_query *q,
                     const lk_match_results *res, bool match, cli_batch_out *out)
{
	json_t *o = json_object();
	json_t *results = json_array();
	int rc;

	if (!o || !results) {
		json_decref(o);
		json_decref(results);
		return lk_error_set(LK_ENOMEM, "out of memory");
	}
	json_object_set_new(o, "row", json_integer(row->row));
	cli_json_set_str(o, "ref", first(row, COL_REF));
	json_object_set_new(o, "query", cli_json_query(q));
	for (size_t i = 0; i < res->count; i++)
		json_array_append_new(results, cli_json_result(&res->items[i], false, b->explain));
	json_object_set_new(o, "results", results);
	json_object_set_new(o, "match", json_boolean(match));
	rc = cli_json_put_line(&out->text, o);
	json_decref(o);
	return rc;
}

/* Check a row's values; a reason in why (with the line) if one is malformed. */
static bool row_query(const batch_ctx *b, const cli_batch_row *row, lk_query *q, char *why,
                      size_t size)
{
	const char *schema = first(row, COL_SCHEMA);
	const char *gender = first(row, COL_GENDER);

	*q = b->base;
	if (schema && !cli_parse_schema(schema, &q->schema)) {
		snprintf(why, size, "line %ld: schema '%s' is not a schema", row->line, schema);
		return false;
	}
	for (size_t i = 0; i < row->n[COL_DOB]; i++) {
		lk_date d;

		if (lk_date_parse(&d, row->v[COL_DOB][i]) < 0) {
			snprintf(why, size, "line %ld: dob '%s' is not a date", row->line,
			         row->v[COL_DOB][i]);
			return false;
		}
	}
	if (gender && !(q->gender = cli_parse_gender(gender))) {
		snprintf(why, size, "line %ld: gender '%s' is not male or female", row->line,
		         gender);
		return false;
	}
	if (row->n[COL_NAME] == 0 && row->n[COL_ID] == 0) {
		snprintf(why, size, "line %ld: empty name", row->line);
		return false;
	}
	q->names = row->v[COL_NAME];
	q->nnames = row->n[COL_NAME];
	q->birth_dates = row->v[COL_DOB];
	q->nbirth_dates = row->n[COL_DOB];
	q->countries = row->v[COL_COUNTRY];
	q->ncountries = row->n[COL_COUNTRY];
	q->identifiers = row->v[COL_ID];
	q->nidentifiers = row->n[COL_ID];
	return true;
}

/* A cli_batch_fn: screen one row. */
static int screen_row(void *vctx, const cli_batch_row *row, cli_batch_out *out)
{
	const batch_ctx *b = vctx;
	lk_match_results *res = NULL;
	bool match = false;
	char why[600];
	lk_query q;
	int rc;

	if (row->error[0])
		return put_error(b, row, row->error, out);
	if (!row_query(b, row, &q, why, sizeof(why)))
		return put_error(b, row, why, out);
	rc = lk_match_screen(&res, b->ix, &q);
	if (rc == LK_ENOMEM)
		return rc;
	if (rc < 0) {
		/* a query the engine refuses (no usable name, ...) is this row's problem */
		snprintf(why, sizeof(why), "line %ld: %s", row->line, lk_error_last()->message);
		return put_error(b, row, why, out);
	}
	for (size_t i = 0; i < res->count; i++)
		match = match || res->items[i].match;
	out->match = match;
	rc = b->csv ? put_csv(row, res, match, out) : put_jsonl(b, row, &q, res, match, out);
	lk_match_results_free(res);
	return rc;
}

int cli_screen_batch(cli_ctx *ctx, const cli_screen_opts *o)
{
	static const char cmd[] = "lookout screen";
	cli_batch_reader *r = NULL;
	cli_batch_stats stats;
	unsigned threads = cli_batch_default_threads();
	batch_ctx b;
	cli_progress progress;
	FILE *f = stdout;
	int64_t n;
	int rc;

	memset(&b, 0, sizeof(b));
	b.base = o->query;
	b.explain = o->explain;
	if (b.base.limit == 0)
		b.base.limit = CLI_SCREEN_BATCH_LIMIT;
	if (o->format && strcmp(o->format, "csv") == 0)
		b.csv = true;
	else if (o->format && strcmp(o->format, "jsonl") != 0)
		return cli_usage_error(cmd, "--format '%s' is not jsonl or csv", o->format);
	if (o->threads) {
		if (!cli_parse_int64(o->threads, &n) || n > CLI_BATCH_MAX_THREADS)
			return cli_usage_error(cmd, "--threads '%s' is not a number from 1 to %d",
			                       o->threads, CLI_BATCH_MAX_THREADS);
		threads = (unsigned)n;
	}
	if (b.csv && o->explain)
		return cli_usage_error(cmd, "--explain goes with jsonl output");

	rc = cli_batch_open(&r, o->batch, columns, NCOLS);
	if (rc < 0)
		goto done;
	rc = cli_index_open(ctx, &b.base.sources, &b.base.nsources, &b.ix);
	if (rc < 0)
		goto done;
	if (o->out) {
		f = fopen(o->out, "wb");
		if (!f) {
			rc = lk_error_set(LK_EIO, "%s: cannot write: %s", o->out, strerror(errno));
			f = stdout;
			goto done;
		}
	}
	cli_progress_init(&progress, ctx, "screening");
	rc = cli_batch_run(r, screen_row, &b, threads, f, b.csv ? csv_header : NULL, &progress,
	                   &stats);
	if (!ctx->quiet)
		cli_batch_print_summary("screened", &stats);
	if (rc == 0 && stats.errors)
		rc = CLI_EXIT_ROW_ERRORS;
done:
	if (f != stdout && fclose(f) != 0 && rc >= 0)
		rc = lk_error_set(LK_EIO, "%s: cannot write", o->out);
	lk_index_unref(b.ix);
	cli_batch_close(r);
	return rc;
}

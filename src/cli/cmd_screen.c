/*
 * cmd_screen.c - `lookout screen NAME...`: screen one party (its names, birth dates,
 * countries, identifiers) against the active list versions, and print the scored, explained
 * results as a table for an analyst or as JSON for a program. `--batch FILE` hands over to
 * cmd_screen_batch.c.
 *
 * Several NAMEs are several names of the one party (a name and its alias, or the same name
 * in two scripts), not several parties: the engine keeps, per entity, the best of them.
 *
 * The exit code says how the screening went (0: something matched; 5: nothing did), so
 * that a script can tell "no match" from an error (2, 3, 65, ...) without parsing output.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_match.h"
#include "cli_screen.h"

const char cli_help_screen[] =
	"usage: lookout screen [options] NAME...\n"
	"       lookout screen --batch FILE [--out FILE] [--format jsonl|csv] [--threads N]\n"
	"                      [options]\n"
	"\n"
	"Screen a party against the active versions of every list in the store: the names\n"
	"(several NAMEs are several names of the same party, e.g. a name and its alias, in any\n"
	"script), with birth dates, countries and identifiers that raise the score when they\n"
	"agree with an entity and lower it when they contradict it. Results are listed best\n"
	"first; a result is a match when its score reaches the threshold (default 0.70).\n"
	"\n"
	"Options:\n"
	"      --schema S     Person, Organization, Company, Vessel, Airplane, LegalEntity,\n"
	"                     PublicBody or Any (default Any)\n"
	"      --dob DATE     a birth date: 1952-10-07, 1952-10, 1952, 07/10/1952 (repeatable)\n"
	"      --country CC   a nationality or country, code or name (repeatable)\n"
	"      --id VALUE     an identifier: IMO number, MMSI, call sign, passport or tax\n"
	"                     number (repeatable); with --id, NAME may be left out\n"
	"      --gender G     male or female\n"
	"      --threshold T  the score from which a result is a match, 0 to 1 (default 0.70)\n"
	"      --limit N      at most N results, 1 to 500 (default 10; 5 with --batch)\n"
	"      --source NAME  only entities of this source, e.g. ofac_sdn, or of every\n"
	"                     sanctions list: 'sanctions' (see lists show; repeatable)\n"
	"      --json         print the results as one JSON object (see below)\n"
	"      --db PATH      the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet        no progress or status on stderr (and no --batch summary)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Batch options (one result set per input row, in input order):\n"
	"      --batch FILE   rows to screen ('-' reads standard input): CSV with a header\n"
	"                     naming 'name' and optionally 'schema', 'dob', 'country', 'id',\n"
	"                     'gender', 'ref', in any order, or JSON lines (objects with those\n"
	"                     keys; 'name', 'dob', 'country' and 'id' may be arrays)\n"
	"      --out FILE     write the results to FILE instead of standard output\n"
	"      --format F     jsonl (default) or csv\n"
	"      --threads N    screen on N threads (default: the number of processors)\n"
	"      --explain      include each result's explanation in jsonl output\n"
	"\n"
	"JSON output:\n"
	"  {\"query\": {\"names\": [...], \"schema\": \"Any\", \"birthDates\": [...],\n"
	"              \"countries\": [...], \"identifiers\": [...]},\n"
	"   \"threshold\": 0.7,\n"
	"   \"results\": [{\"id\", \"caption\", \"schema\", \"source\", \"names\": [...],\n"
	"                \"score\", \"match\", \"explanation\": {...}}, ...]}\n"
	"\n"
	"Examples:\n"
	"  lookout screen 'Wladimir Putin'\n"
	"  lookout screen --dob 1952-10-07 --country ru 'Владимир Путин' 'Vladimir Putin'\n"
	"  lookout screen --schema Vessel --id 1011551 GRACEFUL --json\n"
	"  lookout screen --batch customers.csv --format csv --out results.csv\n"
	"\n"
	"Exit codes:\n"
	"   0  at least one result is a match (--batch: every row was screened)\n"
	"   2  invalid usage (no NAME, a bad option value such as a --dob that is no date)\n"
	"   3  no store, no list in it, or an unknown --source\n"
	"   5  screened, and no result reached the threshold (not used with --batch)\n"
	"   6  --batch: the run finished, but some rows were malformed (reported per row)\n"
	"  65  --batch: the file cannot be read as CSV or JSON lines (no 'name' column, ...)\n"
	"  74  a file cannot be read or written\n"
	"  75  store error\n";

/* Read the options shared by single and batch screening into o. */
static int read_common(const char *cmd, cli_screen_opts *o, const char *schema,
                       const char *threshold, const char *limit)
{
	int64_t n;

	if (schema && !cli_parse_schema(schema, &o->query.schema))
		return cli_usage_error(cmd, "--schema '%s' is not a schema (Person, Organization, "
		                            "Company, Vessel, Airplane, Any, ...)",
		                       schema);
	if (threshold && !cli_parse_threshold(threshold, &o->query.threshold))
		return cli_usage_error(cmd, "--threshold '%s' is not a number from 0 to 1",
		                       threshold);
	if (limit) {
		if (!cli_parse_int64(limit, &n) || n > LK_MATCH_MAX_LIMIT)
			return cli_usage_error(cmd, "--limit '%s' is not a number from 1 to %d",
			                       limit, LK_MATCH_MAX_LIMIT);
		o->query.limit = (size_t)n;
	}
	return 0;
}

/* ---- human output ---- */

typedef struct column {
	const char *title;
	size_t width;
	size_t cap;  /* wider cells are not padded to (0: none) */
} column;

static void put_cell(const char *s, column *c, bool last)
{
	size_t w = cli_display_width(s);

	fputs(s, stdout);
	if (last)
		return;
	for (; w < c->width; w++)
		putchar(' ');
	fputs("  ", stdout);
}

static void print_row(const char *const *cells, column *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_cell(cells[i], &cols[i], i + 1 == n);
	putchar('\n');
}

static int print_human(const lk_query *q, const lk_match_results *res)
{
	column cols[] = {{"#", 0, 0},       {"SCORE", 0, 0},  {"MATCH", 0, 0}, {"CAPTION", 0, 48},
	                 {"SCHEMA", 0, 0},  {"SOURCE", 0, 0}, {"ID", 0, 0}};
	enum { NCOLS = LK_ARRAY_SIZE(cols) };
	size_t nmatch = 0;
	char score[16];
	char rank[24];

	for (size_t i = 0; i < res->count; i++)
		nmatch += res->items[i].match;
	if (res->count == 0) {
		printf("no match: nothing on the lists resembles %s%s%s (threshold %.2f)\n",
		       q->nnames ? "\"" : "", q->nnames ? q->names[0] : "the identifiers",
		       q->nnames ? "\"" : "", res->threshold);
		return 0;
	}
	/* widths: the titles, then every cell (captions capped) */
	for (size_t c = 0; c < NCOLS; c++)
		cols[c].width = strlen(cols[c].title);
	for (size_t i = 0; i < res->count; i++) {
		const lk_entity *e = res->items[i].entity;
		const char *cells[NCOLS] = {rank, cli_score_text(res->items[i].score, score), "-",
		                            e->caption ? e->caption : "", lk_schema_name(e->schema),
		                            e->source, e->id};

		snprintf(rank, sizeof(rank), "%zu", i + 1);
		for (size_t c = 0; c < NCOLS; c++) {
			size_t w = cli_display_width(cells[c]);

			if (cols[c].cap && w > cols[c].cap)
				w = cols[c].cap;
			if (w > cols[c].width)
				cols[c].width = w;
		}
	}
	{
		const char *titles[NCOLS];

		for (size_t c = 0; c < NCOLS; c++)
			titles[c] = cols[c].title;
		print_row(titles, cols, NCOLS);
	}
	for (size_t i = 0; i < res->count; i++) {
		const lk_match_result *r = &res->items[i];
		const lk_entity *e = r->entity;
		const char *cells[NCOLS] = {rank, cli_score_text(r->score, score),
		                            r->match ? "\xE2\x9C\x93" : "-",
		                            e->caption ? e->caption : "", lk_schema_name(e->schema),
		                            e->source, e->id};

		snprintf(rank, sizeof(rank), "%zu", i + 1);
		print_row(cells, cols, NCOLS);
		/* the matches, and without one the best result: why it fell short */
		if (r->match || (nmatch == 0 && i == 0))
			cli_print_explanation(stdout, &r->explanation, (int)cols[0].width + 2,
			                      true);
	}
	if (nmatch)
		printf("\n%zu match%s at threshold %.2f (%zu result%s, %zu candidate%s scored)\n",
		       nmatch, nmatch == 1 ? "" : "es", res->threshold, res->count,
		       res->count == 1 ? "" : "s", res->candidates,
		       res->candidates == 1 ? "" : "s");
	else
		printf("\nno match at threshold %.2f (%zu result%s below it, %zu candidate%s "
		       "scored)\n",
		       res->threshold, res->count, res->count == 1 ? "" : "s", res->candidates,
		       res->candidates == 1 ? "" : "s");
	return 0;
}

static int print_json(const lk_query *q, const lk_match_results *res)
{
	json_t *root = json_object();
	json_t *results = json_array();

	if (!root || !results)
		goto fail;
	json_object_set_new(root, "query", cli_json_query(q));
	json_object_set_new(root, "threshold", json_real(res->threshold));
	for (size_t i = 0; i < res->count; i++) {
		json_t *r = cli_json_result(&res->items[i], true, true);

		if (!r || json_array_append_new(results, r) != 0)
			goto fail;
	}
	json_object_set_new(root, "results", results);
	return cli_json_print_doc(root);
fail:
	json_decref(results);
	json_decref(root);
	return lk_error_set(LK_ENOMEM, "out of memory building JSON output");
}

/* ---- the command ---- */

int cmd_screen(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout screen";
	const char *schema = NULL, *threshold = NULL, *limit = NULL, *gender = NULL;
	const char *batch = NULL, *out = NULL, *format = NULL, *threads = NULL;
	const char *dobs[CLI_MATCH_MAX_VALUES], *countries[CLI_MATCH_MAX_VALUES];
	const char *ids[CLI_MATCH_MAX_VALUES], *sources[CLI_MATCH_MAX_VALUES];
	size_t ndobs = 0, ncountries = 0, nids = 0, nsources = 0;
	bool explain = false;
	const cli_option opts[] = {
		{"schema", 0, &schema, NULL},     {"threshold", 0, &threshold, NULL},
		{"limit", 0, &limit, NULL},       {"gender", 0, &gender, NULL},
		{"json", 0, NULL, &ctx->json},    {"batch", 0, &batch, NULL},
		{"out", 0, &out, NULL},           {"format", 0, &format, NULL},
		{"threads", 0, &threads, NULL},   {"explain", 0, NULL, &explain},
		{NULL, 0, NULL, NULL},
	};
	const cli_list_option lists[] = {
		{"dob", dobs, CLI_MATCH_MAX_VALUES, &ndobs},
		{"country", countries, CLI_MATCH_MAX_VALUES, &ncountries},
		{"id", ids, CLI_MATCH_MAX_VALUES, &nids},
		{"source", sources, CLI_MATCH_MAX_VALUES, &nsources},
		{NULL, NULL, 0, NULL},
	};
	cli_screen_opts o;
	lk_match_results *res = NULL;
	lk_index *ix = NULL;
	int npos;
	int rc;

	memset(&o, 0, sizeof(o));
	o.query = (lk_query)LK_QUERY_INIT;
	rc = cli_parse_lists(ctx, cmd, opts, lists, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_screen);
		goto done;
	}
	rc = read_common(cmd, &o, schema, threshold, limit);
	if (rc < 0)
		goto done;
	o.query.sources = nsources ? sources : NULL;
	o.query.nsources = nsources;
	if (batch) {
		if (npos || ndobs || ncountries || nids || gender) {
			rc = cli_usage_error(cmd, "with --batch, names, dates, countries, "
			                          "identifiers and genders come from the file");
			goto done;
		}
		o.batch = batch;
		o.out = out;
		o.format = format;
		o.threads = threads;
		o.explain = explain;
		rc = cli_screen_batch(ctx, &o);
		goto done;
	}
	if (out || format || threads || explain) {
		const char *which = out      ? "out"
		                    : format  ? "format"
		                    : threads ? "threads"
		                              : "explain";

		rc = cli_usage_error(cmd, "--%s goes with --batch", which);
		goto done;
	}
	if (npos == 0 && nids == 0) {
		rc = cli_usage_error(cmd, "NAME is required (or --id)");
		goto done;
	}
	if (npos > CLI_MATCH_MAX_VALUES) {
		rc = cli_usage_error(cmd, "at most %d names", CLI_MATCH_MAX_VALUES);
		goto done;
	}
	for (size_t i = 0; i < ndobs; i++) {
		lk_date d;

		if (lk_date_parse(&d, dobs[i]) < 0) {
			rc = cli_usage_error(cmd, "--dob '%s' is not a date (1952-10-07, 1952-10, "
			                          "1952, 07/10/1952)",
			                     dobs[i]);
			goto done;
		}
	}
	if (gender && !(o.query.gender = cli_parse_gender(gender))) {
		rc = cli_usage_error(cmd, "--gender '%s' is not male or female", gender);
		goto done;
	}
	o.query.names = (const char *const *)(argv + 1);
	o.query.nnames = (size_t)npos;
	o.query.birth_dates = dobs;
	o.query.nbirth_dates = ndobs;
	o.query.countries = countries;
	o.query.ncountries = ncountries;
	o.query.identifiers = ids;
	o.query.nidentifiers = nids;

	rc = cli_index_open(ctx, &o.query.sources, &o.query.nsources, &ix);
	if (rc < 0)
		goto done;
	rc = lk_match_screen(&res, ix, &o.query);
	if (rc < 0)
		goto done;
	rc = ctx->json ? print_json(&o.query, res) : print_human(&o.query, res);
	if (rc < 0)
		goto done;
	rc = CLI_EXIT_NO_MATCH;
	for (size_t i = 0; i < res->count; i++) {
		if (res->items[i].match)
			rc = 0;
	}
done:
	lk_match_results_free(res);
	lk_index_unref(ix);
	return rc;
}

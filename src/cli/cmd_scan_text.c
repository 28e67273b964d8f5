/*
 * cmd_scan_text.c - `lookout scan-text FILE|-`: find mentions of listed persons,
 * organisations and vessels in free text in any language (news, reports), and print them
 * with their byte offsets and results, as a list for an analyst or as JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_scan.h"

const char cli_help_scan_text[] =
	"usage: lookout scan-text [options] FILE|-\n"
	"\n"
	"Find mentions of listed persons, organisations and vessels in free text, in any\n"
	"language and script ('-' reads standard input; UTF-8). Name-like words are checked\n"
	"against the names of the active list versions, spans of one to four words are\n"
	"screened like `lookout screen`, and the best non-overlapping spans are reported.\n"
	"Inflected names (Putins, Путина, Ławrowa), hyphenated names (Kim Jong-un), names\n"
	"glued to the next word (PutinWHO), titles (Präsident, Mr., 위원장) and surnames alone\n"
	"after a full mention (Lawrow) are understood; \"IMO 9413559\" is looked up among the\n"
	"listed IMO numbers.\n"
	"\n"
	"Options:\n"
	"      --schema S     only entities of this schema: Person, Organization, Company,\n"
	"                     Vessel, Airplane, LegalEntity, PublicBody or Any (default Any)\n"
	"      --threshold T  the score from which a span is a mention, 0 to 1 (default 0.70)\n"
	"      --limit N      results per mention, 1 to 500 (default 3)\n"
	"      --source NAME  only entities of this source, e.g. ofac_sdn, or of every\n"
	"                     sanctions list: 'sanctions' (see lists show; repeatable)\n"
	"      --explain      include each result's explanation in the JSON output\n"
	"      --json         print one JSON object (see below)\n"
	"      --db PATH      the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet        no summary on stderr\n"
	"  -h, --help         show this help\n"
	"\n"
	"JSON output (offsets are UTF-8 byte offsets into the input):\n"
	"  {\"mentions\": [{\"start\", \"end\", \"text\", \"how\": \"name\"|\"coreference\"|\"identifier\",\n"
	"                 \"query\", \"results\": [{\"id\", \"caption\", \"schema\", \"source\",\n"
	"                 \"names\", \"score\", \"match\"}, ...]}, ...],\n"
	"   \"stats\": {\"bytes\", \"words\", \"name_words\", \"spans\", \"screened\", \"mentions\",\n"
	"             \"seconds\"}}\n"
	"\n"
	"Examples:\n"
	"  lookout scan-text article.txt\n"
	"  curl -s https://example.org/news | lookout scan-text --json --schema Person -\n"
	"\n"
	"Exit codes:\n"
	"   0  at least one mention was found\n"
	"   2  invalid usage\n"
	"   3  no store, no list in it, or an unknown --source\n"
	"   5  scanned, and nothing was found\n"
	"  65  the input is not valid UTF-8 or is too large\n"
	"  74  the file cannot be read\n";

static void print_text(const lk_scan_result *r, const char *text)
{
	cli_table t;
	char score[16];
	cli_table_init(&t, 6, 40);
	cli_table_addv(&t, "OFFSET", "TEXT", "HOW", "SCORE", "CAPTION", "ID");
	for (size_t i = 0; i < r->count; i++) {
		const lk_scan_mention *m = &r->mentions[i];
		char off[48], *span = strndup(text + m->start, m->end - m->start);
		if (!span) {
			t.failed = true;
			break;
		}
		for (char *p = span; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		snprintf(off, sizeof off, "%zu-%zu", m->start, m->end);
		const lk_match_result *top = &m->results[0];
		cli_table_addv(&t, off, span, lk_scan_how_name(m->how),
		               cli_score_text(top->score, score), top->entity->caption,
		               top->entity->id);
		free(span);
	}
	cli_table_print(&t, stdout);
	cli_table_dispose(&t);
}

int cmd_scan_text(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout scan-text";
	const char *schema = NULL, *threshold = NULL, *limit = NULL;
	const char *sources[CLI_MATCH_MAX_VALUES];
	size_t nsources = 0;
	bool explain = false;
	const cli_option opts[] = {
		{"schema", 0, &schema, NULL}, {"threshold", 0, &threshold, NULL},
		{"limit", 0, &limit, NULL},   {"json", 0, NULL, &ctx->json},
		{"explain", 0, NULL, &explain}, {NULL, 0, NULL, NULL},
	};
	const cli_list_option lists[] = {
		{"source", sources, CLI_MATCH_MAX_VALUES, &nsources},
		{NULL, NULL, 0, NULL},
	};
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	lk_index *ix = NULL;
	lk_scan_result *r = NULL;
	char *text = NULL;
	size_t len;
	int npos, rc;
	int64_t n;

	rc = cli_parse_lists(ctx, cmd, opts, lists, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_scan_text);
	if (schema && !cli_parse_schema(schema, &o.schema))
		return cli_usage_error(cmd, "--schema '%s' is not a schema (Person, Organization, "
		                            "Company, Vessel, Airplane, Any, ...)", schema);
	if (threshold && !cli_parse_threshold(threshold, &o.threshold))
		return cli_usage_error(cmd, "--threshold '%s' is not a number from 0 to 1", threshold);
	if (limit) {
		if (!cli_parse_int64(limit, &n) || n > LK_MATCH_MAX_LIMIT)
			return cli_usage_error(cmd, "--limit '%s' is not a number from 1 to %d", limit,
			                       LK_MATCH_MAX_LIMIT);
		o.max_results = (size_t)n;
	}
	if (npos != 1)
		return cli_usage_error(cmd, npos ? "give one FILE (or - for standard input)"
		                                 : "no FILE given (use - for standard input)");
	o.sources = nsources ? sources : NULL;
	o.nsources = nsources;
	o.explain = explain;
	rc = cli_read_all(argv[1], LK_SCAN_MAX_TEXT, &text, &len);
	if (rc < 0)
		return rc;
	rc = cli_index_open(ctx, &o.sources, &o.nsources, &ix);
	if (rc < 0)
		goto done;
	if (ctx->json) {
		lk_buf b;
		lk_buf_init(&b, 0);
		rc = lk_scan_text_json(&b, ix, text, len, &o);
		json_t *doc = rc ? NULL : json_loads(lk_buf_cstr(&b), 0, NULL);
		lk_buf_dispose(&b);
		if (rc < 0) {
			lk_error_prefix("%s", argv[1]);
			goto done;
		}
		size_t count = json_array_size(json_object_get(doc, "mentions"));
		rc = cli_json_print_doc(doc);
		if (rc == 0 && count == 0)
			rc = CLI_EXIT_NO_MATCH;
		goto done;
	}
	rc = lk_scan_text(&r, ix, text, len, &o);
	if (rc < 0) {
		lk_error_prefix("%s", argv[1]);
		goto done;
	}
	if (r->count)
		print_text(r, text);
	if (!ctx->quiet)
		fprintf(stderr, "%zu mention%s in %zu bytes (%zu words, %zu spans screened)\n",
		        r->count, r->count == 1 ? "" : "s", r->stats.bytes, r->stats.words,
		        r->stats.screened);
	rc = r->count ? 0 : CLI_EXIT_NO_MATCH;
done:
	lk_scan_result_free(r);
	lk_index_unref(ix);
	free(text);
	return rc;
}

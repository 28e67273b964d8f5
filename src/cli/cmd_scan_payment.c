/*
 * cmd_scan_payment.c - `lookout scan-payment FILE...`: screen every party and every
 * free-text field of SWIFT MT103 and ISO 20022 pacs.008 messages, one record per message
 * with a verdict. A malformed message is reported with its position and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_scan.h"

#define MAX_PAYMENT_FILE (64u << 20)

const char cli_help_scan_payment[] =
	"usage: lookout scan-payment [options] FILE...\n"
	"\n"
	"Screen payment messages against the active list versions: SWIFT MT103 (FIN, one or\n"
	"more messages a file) and ISO 20022 pacs.008 XML (one record per CdtTrfTxInf); the\n"
	"format is recognised per file ('-' reads standard input). Every party is screened\n"
	"with its role (MT103 50A/F/K, 59/59A/59F, 52A/D, 56A/D, 57A/D; pacs.008 Dbtr, Cdtr,\n"
	"UltmtDbtr, UltmtCdtr, DbtrAgt, CdtrAgt, IntrmyAgt), its country where known and its\n"
	"BIC, which meets the BICs on the lists. The free-text fields (70, 72, RmtInf/Ustrd) are\n"
	"scanned like `lookout scan-text`, so vessel names and \"IMO 9413559\" are found. A\n"
	"message is a hit when anything in it matched, else clear. A malformed message is\n"
	"reported on stderr with its file, line and number, and skipped.\n"
	"\n"
	"Options:\n"
	"      --schema S     only entities of this schema (default Any)\n"
	"      --threshold T  the score from which a result is a match, 0 to 1 (default 0.70)\n"
	"      --source NAME  only entities of this source, e.g. ofac_sdn, or of every\n"
	"                     sanctions list: 'sanctions' (see lists show; repeatable)\n"
	"      --explain      include each result's explanation in the JSON output\n"
	"      --json         print one JSON object per message (JSON lines, see below)\n"
	"      --db PATH      the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet        no summary on stderr\n"
	"  -h, --help         show this help\n"
	"\n"
	"JSON output, one line per message:\n"
	"  {\"file\", \"index\", \"line\", \"type\": \"mt103\"|\"pacs.008\", \"reference\",\n"
	"   \"end_to_end_id\", \"currency\", \"amount\", \"value_date\", \"verdict\": \"hit\"|\"clear\",\n"
	"   \"hits\", \"parties\": [{\"role\", \"tag\", \"name\", \"address\", \"country\", \"town\",\n"
	"   \"account\", \"bic\", \"birth_date\", \"identifier\", \"results\": [...]}],\n"
	"   \"texts\": [{\"role\", \"tag\", \"text\", \"mentions\": [...]}]}\n"
	"  and for a malformed message {\"file\", \"index\", \"line\", \"error\": {\"code\", \"message\"}}\n"
	"\n"
	"Examples:\n"
	"  lookout scan-payment outgoing.fin\n"
	"  lookout scan-payment --json pacs008/*.xml > verdicts.jsonl\n"
	"\n"
	"Exit codes:\n"
	"   0  at least one message is a hit (and none was malformed)\n"
	"   2  invalid usage\n"
	"   3  no store, no list in it, or an unknown --source\n"
	"   5  every message is clear (and none was malformed)\n"
	"   6  some messages were malformed and skipped (reported on stderr)\n"
	"  74  a file cannot be read\n";

/* Print a JSON value as one line and release it. */
static int print_line(json_t *v)
{
	if (!v)
		return lk_error_set(LK_ENOMEM, "out of memory building JSON output");
	int rc = json_dumpf(v, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                                   JSON_REAL_PRECISION(6)) != 0 || fputc('\n', stdout) == EOF
	             ? lk_error_set(LK_EIO, "cannot write to standard output")
	             : 0;
	json_decref(v);
	return rc;
}

/* One message in words: the verdict, then each matched party and mention. */
static void print_record(const char *file, json_t *m)
{
	char score[16];
	printf("%s: message %lld (%s %s, line %lld): %s\n", file,
	       (long long)json_integer_value(json_object_get(m, "index")),
	       json_string_value(json_object_get(m, "type")),
	       json_string_value(json_object_get(m, "reference")),
	       (long long)json_integer_value(json_object_get(m, "line")),
	       json_string_value(json_object_get(m, "verdict")));
	size_t i;
	json_t *p, *t;
	json_array_foreach(json_object_get(m, "parties"), i, p) {
		size_t k;
		json_t *r;
		json_array_foreach(json_object_get(p, "results"), k, r) {
			const char *name = json_string_value(json_object_get(p, "name"));
			const char *bic = json_string_value(json_object_get(p, "bic"));
			printf("  %-20s %-5s %-35s %s  %s (%s)\n",
			       json_string_value(json_object_get(p, "role")),
			       json_string_value(json_object_get(p, "tag")),
			       name ? name : bic ? bic : "",
			       cli_score_text(json_real_value(json_object_get(r, "score")), score),
			       json_string_value(json_object_get(r, "caption")),
			       json_string_value(json_object_get(r, "id")));
		}
	}
	json_array_foreach(json_object_get(m, "texts"), i, t) {
		size_t k;
		json_t *mention;
		json_array_foreach(json_object_get(t, "mentions"), k, mention) {
			json_t *r = json_array_get(json_object_get(mention, "results"), 0);
			printf("  %-20s %-5s %-35s %s  %s (%s)\n",
			       json_string_value(json_object_get(t, "role")),
			       json_string_value(json_object_get(t, "tag")),
			       json_string_value(json_object_get(mention, "text")),
			       cli_score_text(json_real_value(json_object_get(r, "score")), score),
			       json_string_value(json_object_get(r, "caption")),
			       json_string_value(json_object_get(r, "id")));
		}
	}
}

int cmd_scan_payment(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout scan-payment";
	const char *schema = NULL, *threshold = NULL;
	const char *sources[CLI_MATCH_MAX_VALUES];
	size_t nsources = 0;
	bool explain = false;
	const cli_option opts[] = {
		{"schema", 0, &schema, NULL},   {"threshold", 0, &threshold, NULL},
		{"json", 0, NULL, &ctx->json},  {"explain", 0, NULL, &explain},
		{NULL, 0, NULL, NULL},
	};
	const cli_list_option lists[] = {
		{"source", sources, CLI_MATCH_MAX_VALUES, &nsources},
		{NULL, NULL, 0, NULL},
	};
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	lk_index *ix = NULL;
	size_t messages = 0, hits = 0, errors = 0;
	int npos, rc;

	rc = cli_parse_lists(ctx, cmd, opts, lists, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_scan_payment);
	if (schema && !cli_parse_schema(schema, &o.schema))
		return cli_usage_error(cmd, "--schema '%s' is not a schema (Person, Organization, "
		                            "Company, Vessel, Airplane, Any, ...)", schema);
	if (threshold && !cli_parse_threshold(threshold, &o.threshold))
		return cli_usage_error(cmd, "--threshold '%s' is not a number from 0 to 1", threshold);
	if (npos < 1)
		return cli_usage_error(cmd, "no FILE given (use - for standard input)");
	o.sources = nsources ? sources : NULL;
	o.nsources = nsources;
	o.explain = explain;
	rc = cli_index_open(ctx, &o.sources, &o.nsources, &ix);
	if (rc < 0)
		return rc;
	for (int f = 1; f <= npos && rc >= 0; f++) {
		const char *file = argv[f];
		char *data = NULL;
		size_t len;
		lk_buf b;
		rc = cli_read_all(file, MAX_PAYMENT_FILE, &data, &len);
		if (rc < 0)
			break;
		lk_buf_init(&b, 0);
		lk_scan_payment_stats st;
		rc = lk_scan_payments_json(&b, ix, data, len, file, LK_PAYMENT_FORMAT_AUTO, &o, &st);
		json_t *doc = rc ? NULL : json_loads(lk_buf_cstr(&b), 0, NULL);
		lk_buf_dispose(&b);
		free(data);
		if (rc < 0)
			break;
		if (!doc) {
			rc = lk_error_set(LK_ENOMEM, "out of memory reading scan results");
			break;
		}
		size_t i;
		json_t *m, *e;
		json_array_foreach(json_object_get(doc, "messages"), i, m) {
			if (ctx->json) {
				json_t *line = json_object();
				json_object_set_new(line, "file", json_string(file));
				json_object_update(line, m);
				rc = print_line(line);
			} else {
				print_record(file, m);
			}
		}
		json_array_foreach(json_object_get(doc, "errors"), i, e) {
			fprintf(stderr, "lookout: %s\n", json_string_value(json_object_get(e, "message")));
			if (ctx->json)
				rc = print_line(json_pack("{s:s,s:O,s:O,s:{s:O,s:O}}", "file", file, "index",
				                          json_object_get(e, "index"), "line",
				                          json_object_get(e, "line"), "error", "code",
				                          json_object_get(e, "code"), "message",
				                          json_object_get(e, "message")));
		}
		json_decref(doc);
		messages += st.messages;
		hits += st.hits;
		errors += st.errors;
	}
	lk_index_unref(ix);
	if (rc < 0)
		return rc;
	if (!ctx->quiet)
		fprintf(stderr, "%zu message%s: %zu hit, %zu clear, %zu malformed\n", messages,
		        messages == 1 ? "" : "s", hits, messages - hits, errors);
	if (errors)
		return CLI_EXIT_ROW_ERRORS;
	return hits ? 0 : CLI_EXIT_NO_MATCH;
}

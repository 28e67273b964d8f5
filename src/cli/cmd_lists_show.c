/*
 * cmd_lists_show.c - `lookout lists show`: every source with its active version and counts.
 *
 * This is the quick "what is loaded" view; the history of one source is `lists versions`.
 * An absent database is shown as an empty store rather than created, so that a typo in
 * --db does not leave empty database files behind.
 */
#include <stdlib.h>

#include "cli.h"

const char cli_help_lists_show[] =
	"usage: lookout lists show [--json] [--db PATH]\n"
	"\n"
	"Show each source in the store with its active version: version id, format, whether\n"
	"it is a sanctions list, content hash (first 12 hex digits; in full with --json), when\n"
	"it was imported (UTC), the date the list says it was published, entities, entities by\n"
	"schema, and names. A sanctions list is one of an official format (UN, OFAC, EU, UK),\n"
	"or FollowTheMoney JSON in which some entity has the topic \"sanction\" or\n"
	"\"sanction.*\"; they make the dataset \"sanctions\" (--source sanctions, /match/sanctions).\n"
	"\n"
	"Options:\n"
	"      --json     print {\"sources\": [...]}, one object per source (below)\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"JSON output:\n"
	"  {\"sources\": [{\"source\": \"un_sc\", \"version\": 2, \"active\": true,\n"
	"    \"format\": \"un_xml\", \"hash\": \"...\", \"imported_at\": \"2026-11-29T10:00:00Z\",\n"
	"    \"published\": \"2026-02-27\", \"entities\": 1003,\n"
	"    \"by_schema\": {\"Person\": 730, \"Organization\": 273}, \"names\": 5000,\n"
	"    \"warnings\": 0, \"sanctions\": true}]}\n"
	"  \"published\" and \"imported_at\" are null when unknown; \"warnings\" is a count.\n"
	"  An empty or absent store gives {\"sources\": []}.\n"
	"\n"
	"Examples:\n"
	"  lookout lists show\n"
	"  lookout lists show --json | jq '.sources[] | {source, version, entities}'\n"
	"\n"
	"Exit codes:\n"
	"   0  success (also for an empty store)\n"
	"   2  invalid usage\n"
	"  75  store error\n";

int cmd_lists_show(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout lists show";
	const cli_option opts[] = {
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_version_info *vs = NULL;
	lk_store *store = NULL;
	size_t n = 0;
	int npos;
	int rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_lists_show);
		goto done;
	}
	if (npos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
		goto done;
	}
	rc = cli_store_open(ctx, false, &store);
	if (rc == LK_ENOTFOUND) {
		/* no database yet: an empty store */
		lk_error_clear();
		rc = 0;
	} else if (rc == 0) {
		rc = lk_store_active_versions(store, &vs, &n);
	}
	if (rc < 0)
		goto done;
	if (n == 0 && !ctx->json)
		printf("no lists imported yet (lookout lists import PATH)\n");
	else
		rc = cli_print_versions(ctx->json, NULL, vs, n);
done:
	free(vs);
	lk_store_close(store);
	return rc;
}

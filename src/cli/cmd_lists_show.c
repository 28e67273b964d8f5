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
	"Show each source in the store with its active version: version id, format, content\n"
	"hash (first 12 hex digits; in full with --json), when it was imported (UTC), the date\n"
	"the list says it was published, entities, entities by schema, and names.\n"
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
	"    \"warnings\": 0}]}\n"
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

static int print_human(const lk_version_info *vs, size_t n)
{
	cli_table t;
	int rc;

	if (n == 0) {
		printf("no lists imported yet (lookout lists import PATH)\n");
		return 0;
	}
	cli_table_init(&t, 9, 0);
	cli_table_addv(&t, "SOURCE", "VERSION", "FORMAT", "HASH", "IMPORTED", "PUBLISHED",
	               "ENTITIES", "NAMES", "SCHEMAS");
	for (size_t i = 0; i < n; i++) {
		const lk_version_info *v = &vs[i];
		char id[24], ents[24], names[24], hash[13], schemas[256];

		snprintf(id, sizeof(id), "%lld", (long long)v->id);
		snprintf(ents, sizeof(ents), "%zu", v->entities);
		snprintf(names, sizeof(names), "%zu", v->names);
		cli_table_addv(&t, v->source, id, v->format, cli_short_hash(v->hash, hash),
		               v->imported_at, v->published[0] ? v->published : "-", ents, names,
		               cli_schema_summary(v->by_schema, schemas, sizeof(schemas)));
	}
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return rc;
}

static int print_json(const lk_version_info *vs, size_t n)
{
	json_t *o = json_object();
	json_t *arr = json_array();

	if (!o || !arr) {
		json_decref(o);
		json_decref(arr);
		return cli_json_print(NULL);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, cli_json_version(&vs[i]));
	json_object_set_new(o, "sources", arr);
	return cli_json_print(o);
}

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
	rc = ctx->json ? print_json(vs, n) : print_human(vs, n);
done:
	free(vs);
	lk_store_close(store);
	return rc;
}

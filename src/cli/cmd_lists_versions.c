/*
 * cmd_lists_versions.c - `lookout lists versions SOURCE`: the history of one source, newest
 * first, with the active version marked. The ids it shows are what `lists diff` takes.
 */
#include <stdlib.h>

#include "cli.h"

const char cli_help_lists_versions[] =
	"usage: lookout lists versions SOURCE [--json] [--db PATH]\n"
	"\n"
	"Show every stored version of SOURCE, newest first: version id, whether it is the\n"
	"active one, format, content hash (first 12 hex digits; in full with --json), when it\n"
	"was imported (UTC), the date the list says it was published, entities, names,\n"
	"warnings and entities by schema. Version ids are what 'lookout lists diff' takes.\n"
	"\n"
	"Options:\n"
	"      --json     print {\"source\": SOURCE, \"versions\": [...]} (below)\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"JSON output:\n"
	"  {\"source\": \"ofac_sdn\", \"versions\": [{\"source\": \"ofac_sdn\", \"version\": 3,\n"
	"    \"active\": true, \"format\": \"ofac_csv\", \"hash\": \"...\", \"imported_at\": \"...\",\n"
	"    \"published\": null, \"entities\": 14965, \"by_schema\": {...}, \"names\": 27000,\n"
	"    \"warnings\": 1}, ...]}\n"
	"\n"
	"Examples:\n"
	"  lookout lists versions ofac_sdn\n"
	"  lookout lists versions un_sc --json\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  the source has no versions (or there is no store)\n"
	"  75  store error\n";

int cmd_lists_versions(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout lists versions";
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
		rc = cli_print_help(cli_help_lists_versions);
		goto done;
	}
	if (npos != 1) {
		rc = cli_usage_error(cmd, npos ? "only one SOURCE is expected"
		                               : "SOURCE is required");
		goto done;
	}
	rc = cli_store_open(ctx, false, &store);
	if (rc < 0)
		goto done;
	rc = lk_store_versions(store, argv[1], &vs, &n);
	if (rc == LK_ENOTFOUND || (rc == 0 && n == 0))
		rc = lk_error_set(LK_ENOTFOUND, "source '%s' has no versions (see lookout lists show)",
		                  argv[1]);
	if (rc < 0)
		goto done;
	rc = cli_print_versions(ctx->json, argv[1], vs, n);
done:
	free(vs);
	lk_store_close(store);
	return rc;
}

/*
 * cmd_lists_import.c - `lookout lists import`: parse official list files and store them as
 * a new version of their source.
 *
 * All PATHs of one invocation are handed to lk_list_parse() together and become ONE list
 * version (an OFAC set is several files); separate lists are separate invocations. The
 * parse happens before anything is written, and the store imports in one transaction, so a
 * bad file leaves the active version as it was. --skip-known exists for scripts that replay
 * a history of files (scripts/run.sh): without it, re-importing an older file makes that
 * older version active again, which is right for a rollback but wrong for a replay.
 */
#include <string.h>
#include <stdlib.h>

#include "cli.h"

const char cli_help_lists_import[] =
	"usage: lookout lists import [--source NAME] [--skip-known] [--json] [--db PATH] PATH...\n"
	"\n"
	"Parse an official sanctions list and store it as a new version of its source, which\n"
	"becomes the source's active version.\n"
	"\n"
	"PATH is a file, or a directory that holds a set of files (an OFAC CSV folder with\n"
	"sdn.csv, add.csv, alt.csv, sdn_comments.csv). The format is detected from the content,\n"
	"never from the file name. All PATHs of one command form ONE list version of one format:\n"
	"to import a UN XML file and a UK CSV file, run the command once for each.\n"
	"\n"
	"Importing input identical to the active version writes nothing and says so (\"unchanged\").\n"
	"Input identical to an older version of the source makes that version active again.\n"
	"A failed import changes nothing: the error names the file and the line or byte, and\n"
	"the previously active version stays active.\n"
	"\n"
	"Options:\n"
	"  -s, --source NAME  store under this source (letters, digits, '_', '-', '.'; at most\n"
	"                     63 characters). Default from the format: un_sc (UN XML), ofac_sdn\n"
	"                     (OFAC CSV and XML; ofac_cons for cons_*.csv and consolidated\n"
	"                     XML files), eu_fsf (EU XML and CSV), uk_hmt (UK CSV), ftm\n"
	"                     (FollowTheMoney JSON)\n"
	"      --skip-known   do nothing if the input equals any stored version of the source,\n"
	"                     also an inactive one, instead of making it active again\n"
	"      --json         print the result as one JSON object (below)\n"
	"      --db PATH      the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet        no progress bar on stderr\n"
	"  -h, --help         show this help\n"
	"\n"
	"A progress bar is drawn on stderr while parsing and storing when stderr is a terminal.\n"
	"\n"
	"JSON output:\n"
	"  {\"source\": \"ofac_sdn\", \"version\": 3, \"entities\": 14965,\n"
	"   \"by_schema\": {\"Person\": 6854, ...}, \"names\": 27000, \"warnings\": [\"...\"],\n"
	"   \"unchanged\": false, \"hash\": \"<sha-256 of the input files>\"}\n"
	"  \"version\" is the version now active (with --skip-known and a known inactive input:\n"
	"  the matching version); \"unchanged\" is true when nothing was written.\n"
	"\n"
	"Examples:\n"
	"  lookout lists import $LOOKOUT_DATA/lists/un/un_consolidated_20260227.xml\n"
	"  lookout lists import --source ofac_sdn $LOOKOUT_DATA/lists/ofac/sdn-2021-07\n"
	"  lookout lists import --json cons_prim.csv cons_add.csv cons_alt.csv cons_comments.csv\n"
	"\n"
	"Exit codes:\n"
	"   0  imported, or unchanged\n"
	"   2  invalid usage\n"
	"  65  invalid input: bad content, encoding, truncation, a limit exceeded, an\n"
	"      unrecognised or mixed format\n"
	"  66  incomplete input set (an OFAC set without its sdn.csv)\n"
	"  70  out of memory\n"
	"  74  a file cannot be read\n"
	"  75  store error\n";

/* Source names are stored in 64 bytes and appear in ids and URLs: keep them plain. */
static bool source_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

/* The id of a stored version of list->source with list's hash, and whether it is active;
 * 0 if there is none. */
static int find_known(lk_store *store, const lk_list *list, int64_t *id, bool *active)
{
	lk_version_info *vs = NULL;
	size_t n = 0;
	int rc;

	*id = 0;
	*active = false;
	rc = lk_store_versions(store, list->source, &vs, &n);
	if (rc == LK_ENOTFOUND) {
		lk_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(vs[i].hash, list->hash) == 0) {
			*id = vs[i].id;
			*active = vs[i].active;
			break;
		}
	}
	free(vs);
	return 0;
}

static int print_json(const lk_list *list, int64_t version, bool unchanged,
                      const size_t counts[LK_SCHEMA__COUNT], size_t names)
{
	json_t *o = json_object();
	json_t *warnings = json_array();

	if (!o || !warnings) {
		json_decref(o);
		json_decref(warnings);
		return cli_json_print(NULL);
	}
	for (size_t i = 0; i < list->nwarnings; i++)
		json_array_append_new(warnings, json_string(list->warnings[i]));
	json_object_set_new(o, "source", json_string(list->source));
	json_object_set_new(o, "version", json_integer(version));
	json_object_set_new(o, "entities", json_integer((json_int_t)list->count));
	json_object_set_new(o, "by_schema", cli_json_by_schema(counts));
	json_object_set_new(o, "names", json_integer((json_int_t)names));
	json_object_set_new(o, "warnings", warnings);
	json_object_set_new(o, "unchanged", json_boolean(unchanged));
	json_object_set_new(o, "hash", json_string(list->hash));
	return cli_json_print(o);
}

static int print_human(const lk_list *list, int64_t version, const char *outcome,
                       const size_t counts[LK_SCHEMA__COUNT], size_t names)
{
	cli_table t;
	char num[32];
	char hash[13];
	int rc;

	cli_table_init(&t, 2, 0);
	cli_table_addv(&t, "source", list->source);
	snprintf(num, sizeof(num), "%lld", (long long)version);
	cli_table_addv(&t, "version", num);
	cli_table_addv(&t, "format", lk_format_name(list->format));
	cli_table_addv(&t, "hash", cli_short_hash(list->hash, hash));
	cli_table_addv(&t, "published", list->published ? list->published : "-");
	snprintf(num, sizeof(num), "%zu", list->count);
	cli_table_addv(&t, "entities", num);
	for (int s = 0; s < LK_SCHEMA__COUNT; s++) {
		char label[48];

		if (!counts[s])
			continue;
		snprintf(label, sizeof(label), "  %s", lk_schema_name((lk_schema)s));
		snprintf(num, sizeof(num), "%zu", counts[s]);
		cli_table_addv(&t, label, num);
	}
	snprintf(num, sizeof(num), "%zu", names);
	cli_table_addv(&t, "names", num);
	snprintf(num, sizeof(num), "%zu", list->nwarnings);
	cli_table_addv(&t, "warnings", num);
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	for (size_t i = 0; rc == 0 && i < list->nwarnings; i++)
		printf("  - %s\n", list->warnings[i]);
	if (rc == 0)
		printf("%s\n", outcome);
	return rc;
}

int cmd_lists_import(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout lists import";
	const char *source = NULL;
	bool skip_known = false;
	const cli_option opts[] = {
		{"source", 's', &source, NULL},
		{"skip-known", 0, NULL, &skip_known},
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_parse_opts popts = LK_PARSE_OPTS_INIT;
	lk_import_result res = {0};
	size_t counts[LK_SCHEMA__COUNT] = {0};
	lk_store *store = NULL;
	lk_list *list = NULL;
	cli_progress progress = {0};
	char outcome[160];
	int64_t known_id = 0;
	bool known_active = false;
	bool unchanged;
	size_t names;
	int npos;
	int rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_lists_import);
		goto done;
	}
	if (npos == 0) {
		rc = cli_usage_error(cmd, "at least one PATH is required");
		goto done;
	}
	if (source && !source_name_ok(source)) {
		rc = cli_usage_error(cmd, "invalid source name '%s'", source);
		goto done;
	}
	/* open the store first: a wrong --db should fail before a long parse */
	rc = cli_store_open(ctx, true, &store);
	if (rc < 0)
		goto done;

	cli_progress_init(&progress, ctx, "parsing");
	popts.source = source;
	popts.progress = cli_progress_update;
	popts.progress_ctx = &progress;
	rc = lk_list_parse(&list, (const char *const *)(argv + 1), (size_t)npos, &popts);
	if (rc < 0) {
		cli_progress_done(&progress);
		lk_error_prefix("nothing imported");
		goto done;
	}

	if (skip_known) {
		rc = find_known(store, list, &known_id, &known_active);
		if (rc < 0)
			goto done;
	}
	if (known_id && !known_active) {
		res.version_id = known_id;
		unchanged = true;
		snprintf(outcome, sizeof(outcome),
		         "skipped: identical to version %lld (not active; --skip-known)",
		         (long long)known_id);
	} else {
		cli_progress_status(&progress, "storing %zu entities in %s ...", list->count,
		                    lk_store_path(store));
		rc = lk_store_import(store, list, &res);
		if (rc < 0) {
			lk_error_prefix("nothing imported");
			goto done;
		}
		unchanged = res.unchanged;
		if (res.unchanged)
			snprintf(outcome, sizeof(outcome), "unchanged: identical to version %lld",
			         (long long)res.version_id);
		else if (res.reactivated)
			snprintf(outcome, sizeof(outcome),
			         "reactivated: identical to version %lld, active again (was %lld)",
			         (long long)res.version_id, (long long)res.previous_version_id);
		else if (res.previous_version_id)
			snprintf(outcome, sizeof(outcome), "imported: version %lld replaces %lld",
			         (long long)res.version_id, (long long)res.previous_version_id);
		else
			snprintf(outcome, sizeof(outcome), "imported: version %lld, the first of %s",
			         (long long)res.version_id, list->source);
	}

	cli_progress_done(&progress);
	lk_list_count_schemas(list, counts);
	names = lk_list_count_names(list);
	if (ctx->json)
		rc = print_json(list, res.version_id, unchanged, counts, names);
	else
		rc = print_human(list, res.version_id, outcome, counts, names);
done:
	cli_progress_done(&progress);
	lk_list_free(list);
	lk_store_close(store);
	return rc;
}

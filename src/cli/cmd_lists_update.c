/*
 * cmd_lists_update.c - `lookout lists update`: fetch the official files of each source,
 * verify them and import the versions that pass (lk_lists_update() does the work).
 *
 * Where the files come from, in increasing precedence: the built-in official URLs, the
 * sources file (--config, else $LOOKOUT_LISTS_CONFIG), $LOOKOUT_LISTS_URL (a base serving
 * every source's files under their names), --from. Each source is updated on its own: one
 * that fails or is refused is reported on its line and leaves its active version alone, the
 * others still update, and the exit code says that not all of them did.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_help_lists_update[] =
	"usage: lookout lists update [--from [SOURCE=]URL-or-DIR]... [--config FILE] [--force]\n"
	"                            [--max-drop SHARE] [--max-size SIZE] [--timeout SECONDS]\n"
	"                            [--json] [--db PATH] [SOURCE...]\n"
	"\n"
	"Fetch the current official files of each source (un_sc, ofac_sdn, ofac_cons, eu_fsf,\n"
	"uk_hmt), verify them, and import a new version when the content changed.\n"
	"\n"
	"Verification, per source, before anything is written: each file within the size limit,\n"
	"HTTP 200 and as many bytes as announced, within the timeouts; the whole set parses;\n"
	"and the entity count does not fall by more than SHARE (default 10 %) against the active\n"
	"version. A source that fails any of these keeps its active version; the others still\n"
	"update. Content identical to the active version is not imported again (\"unchanged\").\n"
	"\n"
	"SOURCE... names the sources to update; default: those named by --from SOURCE=...,\n"
	"else every enabled source.\n"
	"\n"
	"Options:\n"
	"      --from [SOURCE=]LOC   fetch from LOC instead of the official URLs: a base URL\n"
	"                            (http, https) or directory serving the files under their\n"
	"                            names (LOC/sdn.csv). With SOURCE= only for that source,\n"
	"                            else for all. Repeatable. Overrides $LOOKOUT_LISTS_URL\n"
	"      --config FILE         a sources file: limits, locations, files, sources switched\n"
	"                            off (default: $LOOKOUT_LISTS_CONFIG if set)\n"
	"      --force               import even if the entity count falls by more than SHARE\n"
	"      --max-drop SHARE      the refused fall of the entity count: 10%, or 0.1 (default)\n"
	"      --max-size SIZE       per-file limit: bytes, or with K, M, G (default 512M)\n"
	"      --timeout SECONDS     limit for one file's transfer (default 600)\n"
	"      --json                print {\"sources\": [...], \"updated\", \"failed\"} (below)\n"
	"      --db PATH             the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet               no progress bar on stderr\n"
	"  -h, --help                show this help\n"
	"\n"
	"Output: one line per source: SOURCE, its outcome (imported, unchanged, reactivated,\n"
	"failed, refused) and the details or the reason.\n"
	"\n"
	"JSON output:\n"
	"  {\"sources\": [{\"source\": \"ofac_sdn\", \"outcome\": \"imported\", \"version\": 2,\n"
	"    \"previous_version\": 1, \"entities\": 8976, \"previous_entities\": 7379,\n"
	"    \"hash\": \"...\", \"files\": 3, \"bytes\": 2800000, \"seconds\": 1.2, \"error\": null}],\n"
	"   \"updated\": 1, \"failed\": 0}\n"
	"\n"
	"Examples:\n"
	"  lookout lists update\n"
	"  lookout lists update ofac_sdn un_sc\n"
	"  lookout lists update --from https://mirror.example/lists/\n"
	"  lookout lists update --from ofac_sdn=/media/usb/ofac --max-drop 20%\n"
	"\n"
	"Exit codes:\n"
	"   0  every source imported, unchanged or reactivated\n"
	"   2  invalid usage (unknown source, bad option value, bad sources file)\n"
	"  65  a source was refused: bad content, truncated, too big, too few entities\n"
	"  66  a source was refused: an incomplete set (a required file absent)\n"
	"  70  out of memory\n"
	"  74  a source could not be fetched: connection, timeout, HTTP status\n"
	"  75  store error\n";

#define MAX_FROM 64

/* "SOURCE=LOC" when what precedes '=' is a plain source name (URLs have ':' or '/' there). */
static bool split_from(const char *s, char *source, size_t size, const char **loc)
{
	const char *eq = strchr(s, '=');
	size_t n;

	if (!eq)
		return false;
	n = (size_t)(eq - s);
	if (n == 0 || n >= size)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	memcpy(source, s, n);
	source[n] = 0;
	*loc = eq + 1;
	return true;
}

static void human_line(cli_table *t, const lk_update_result *r)
{
	char detail[1400];

	switch (r->outcome) {
	case LK_UPDATE_IMPORTED:
		if (r->previous_version_id)
			snprintf(detail, sizeof(detail),
			         "version %lld replaces %lld: %zu entities (was %zu), %zu files, %llu bytes",
			         (long long)r->version_id, (long long)r->previous_version_id, r->entities,
			         r->previous_entities, r->nfiles, (unsigned long long)r->bytes);
		else
			snprintf(detail, sizeof(detail),
			         "version %lld, the first of the source: %zu entities, %zu files, %llu bytes",
			         (long long)r->version_id, r->entities, r->nfiles,
			         (unsigned long long)r->bytes);
		break;
	case LK_UPDATE_UNCHANGED:
		snprintf(detail, sizeof(detail), "identical to the active version %lld (%zu entities)",
		         (long long)r->version_id, r->entities);
		break;
	case LK_UPDATE_REACTIVATED:
		snprintf(detail, sizeof(detail),
		         "identical to the older version %lld, active again (was %lld)",
		         (long long)r->version_id, (long long)r->previous_version_id);
		break;
	default:
		if (r->previous_version_id)
			snprintf(detail, sizeof(detail), "%s; version %lld stays active", r->message,
			         (long long)r->previous_version_id);
		else
			snprintf(detail, sizeof(detail), "%s", r->message);
		break;
	}
	cli_table_addv(t, r->source, lk_update_outcome_name(r->outcome), detail);
}

static json_t *json_result(const lk_update_result *r)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "source", json_string(r->source));
	json_object_set_new(o, "outcome", json_string(lk_update_outcome_name(r->outcome)));
	json_object_set_new(o, "version", r->version_id ? json_integer(r->version_id) : json_null());
	json_object_set_new(o, "previous_version",
	                    r->previous_version_id ? json_integer(r->previous_version_id)
	                                           : json_null());
	json_object_set_new(o, "entities", json_integer((json_int_t)r->entities));
	json_object_set_new(o, "previous_entities", json_integer((json_int_t)r->previous_entities));
	cli_json_set_str(o, "hash", r->hash);
	json_object_set_new(o, "files", json_integer((json_int_t)r->nfiles));
	json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes));
	json_object_set_new(o, "seconds", json_real(r->seconds));
	cli_json_set_str(o, "error", r->message);
	return o;
}

int cmd_lists_update(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout lists update";
	const char *config = NULL, *max_drop = NULL, *max_size = NULL, *timeout = NULL;
	const char *from[MAX_FROM];
	size_t nfrom = 0;
	bool force = false;
	const cli_option opts[] = {
		{"config", 0, &config, NULL},
		{"force", 0, NULL, &force},
		{"max-drop", 0, &max_drop, NULL},
		{"max-size", 0, &max_size, NULL},
		{"timeout", 0, &timeout, NULL},
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	const cli_list_option lists[] = {
		{"from", from, MAX_FROM, &nfrom},
		{NULL, NULL, 0, NULL},
	};
	const char *selected[LK_FETCH_MAX_SOURCES];
	size_t nselected = 0;
	lk_update_result *results = NULL;
	lk_fetch_config *cfg = NULL;
	lk_store *store = NULL;
	const char *env;
	size_t nfailed = 0;
	int first_error = 0;
	int npos;
	int rc;

	rc = cli_parse_lists(ctx, cmd, opts, lists, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_lists_update);
		goto done;
	}
	rc = lk_fetch_config_new(&cfg);
	if (rc < 0)
		goto done;

	/* where from: built-in < sources file < $LOOKOUT_LISTS_URL < --from */
	if (!config) {
		env = getenv("LOOKOUT_LISTS_CONFIG");
		config = env && *env ? env : NULL;
	}
	if (config) {
		rc = lk_fetch_config_load(cfg, config);
		if (rc < 0) {
			if (rc == LK_EINVALID)
				rc = cli_usage_error(cmd, "%s", lk_error_last()->message);
			goto done;
		}
	}
	env = getenv("LOOKOUT_LISTS_URL");
	if (env && *env) {
		rc = lk_fetch_config_set_location(cfg, NULL, env);
		if (rc < 0) {
			rc = cli_usage_error(cmd, "LOOKOUT_LISTS_URL: %s", lk_error_last()->message);
			goto done;
		}
	}
	for (size_t i = 0; i < nfrom; i++) {
		char source[LK_FETCH_NAME_MAX];
		const char *loc = from[i];
		bool one = split_from(from[i], source, sizeof(source), &loc);

		rc = lk_fetch_config_set_location(cfg, one ? source : NULL, loc);
		if (rc < 0) {
			rc = cli_usage_error(cmd, "--from %s: %s", from[i], lk_error_last()->message);
			goto done;
		}
		if (one && npos == 0) {
			bool dup = false;

			for (size_t k = 0; k < nselected; k++)
				dup = dup || strcmp(selected[k], lk_fetch_config_find(cfg, source)->name) == 0;
			if (!dup && nselected < LK_FETCH_MAX_SOURCES)
				selected[nselected++] = lk_fetch_config_find(cfg, source)->name;
		}
	}
	{
		const char *keys[] = {"max-drop", "max-size", "timeout"};
		const char *vals[] = {max_drop, max_size, timeout};

		for (size_t i = 0; i < 3; i++) {
			if (vals[i] && lk_fetch_config_set(cfg, keys[i], vals[i]) < 0) {
				rc = cli_usage_error(cmd, "--%s: %s", keys[i], lk_error_last()->message);
				goto done;
			}
		}
	}

	/* which sources */
	if (npos > 0) {
		nselected = 0;
		for (int i = 1; i <= npos; i++) {
			lk_fetch_source *src = lk_fetch_config_find(cfg, argv[i]);

			if (!src) {
				rc = cli_usage_error(cmd, "unknown source '%s'", argv[i]);
				goto done;
			}
			if (nselected == LK_FETCH_MAX_SOURCES) {
				rc = cli_usage_error(cmd, "too many sources");
				goto done;
			}
			selected[nselected++] = src->name;
		}
	} else if (nselected == 0) {
		for (size_t i = 0; i < cfg->nsources; i++) {
			if (cfg->sources[i].enabled)
				selected[nselected++] = cfg->sources[i].name;
		}
	}
	if (nselected == 0) {
		rc = cli_usage_error(cmd, "no source to update (all are disabled)");
		goto done;
	}

	rc = cli_store_open(ctx, true, &store);
	if (rc < 0)
		goto done;
	results = calloc(nselected, sizeof(*results));
	if (!results) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < nselected; i++) {
		lk_update_opts uopts = LK_UPDATE_OPTS_INIT;
		cli_progress progress;
		char label[96];

		snprintf(label, sizeof(label), "fetching %s", selected[i]);
		cli_progress_init(&progress, ctx, label);
		uopts.force = force;
		uopts.actor = "cli";
		uopts.progress = cli_progress_update;
		uopts.progress_ctx = &progress;
		rc = lk_lists_update(store, cfg, selected[i], &uopts, &results[i]);
		cli_progress_done(&progress);
		if (rc < 0) {
			nfailed++;
			if (!first_error)
				first_error = rc;
		}
	}

	if (ctx->json) {
		json_t *o = json_object();
		json_t *arr = json_array();

		if (!o || !arr) {
			json_decref(o);
			json_decref(arr);
			rc = cli_json_print(NULL);
			goto done;
		}
		for (size_t i = 0; i < nselected; i++)
			json_array_append_new(arr, json_result(&results[i]));
		json_object_set_new(o, "sources", arr);
		json_object_set_new(o, "updated", json_integer((json_int_t)(nselected - nfailed)));
		json_object_set_new(o, "failed", json_integer((json_int_t)nfailed));
		rc = cli_json_print(o);
	} else {
		cli_table t;

		cli_table_init(&t, 3, 0);
		for (size_t i = 0; i < nselected; i++)
			human_line(&t, &results[i]);
		rc = cli_table_print(&t, stdout);
		cli_table_dispose(&t);
	}
	fflush(stdout);
	if (rc == 0 && nfailed > 0)
		rc = lk_error_set(first_error, "%zu of %zu sources not updated (see above)", nfailed,
		                  nselected);
done:
	free(results);
	lk_fetch_config_free(cfg);
	lk_store_close(store);
	return rc;
}

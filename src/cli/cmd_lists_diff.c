/*
 * cmd_lists_diff.c - `lookout lists diff SOURCE [FROM TO]`: entities added, removed and
 * changed between two versions of a source.
 *
 * The store computes the diff (lk_store_diff); this file only presents it. For people it
 * prints the counts and the first N ids of each kind with their captions, which needs the
 * entities' JSON: it walks the two versions once and parses only the entities it shows,
 * so captions stay cheap however long the lists are. JSON output is always complete.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_help_lists_diff[] =
	"usage: lookout lists diff SOURCE [FROM TO] [--limit N] [--json] [--db PATH]\n"
	"\n"
	"Compare two versions of SOURCE: the entities added, removed, and changed (with the\n"
	"names of the properties whose values differ), by Lookout id. FROM and TO are version\n"
	"ids (see 'lookout lists versions SOURCE'); without them the two latest versions, in\n"
	"import order, are compared.\n"
	"\n"
	"Options:\n"
	"  -n, --limit N  show the first N ids of each kind with their names (default 10;\n"
	"                 0 shows only the counts). Human output only: --json is complete\n"
	"      --json     print the whole diff as one JSON object (below)\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"JSON output:\n"
	"  {\"source\": \"ofac_sdn\", \"from\": 1, \"to\": 2,\n"
	"   \"added\": [\"ofac-25000\", ...], \"removed\": [\"ofac-10001\", ...],\n"
	"   \"changed\": [{\"id\": \"ofac-306\", \"properties\": [\"address\", \"alias\"]}, ...],\n"
	"   \"counts\": {\"added\": 1858, \"removed\": 261, \"changed\": 900, \"unchanged\": 6218}}\n"
	"  Ids are sorted; \"properties\" are FollowTheMoney property names, sorted\n"
	"  (\"schema\" when the schema changed).\n"
	"\n"
	"Examples:\n"
	"  lookout lists diff ofac_sdn\n"
	"  lookout lists diff ofac_sdn 1 2 --limit 5\n"
	"  lookout lists diff uk_hmt --json | jq .counts\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  a version is missing, or the source has fewer than two versions\n"
	"  75  store error\n";

/* The captions of the few entities shown, looked up by id. */
typedef struct caption_set {
	lk_strmap *map;   /* id -> char ** slot in slots */
	char **slots;     /* malloc'd captions or NULL */
	size_t n;
} caption_set;

static int want(caption_set *cs, const char *id)
{
	if (lk_strmap_get(cs->map, id))
		return 0;
	return lk_strmap_put(cs->map, id, &cs->slots[cs->n++]);
}

static int take_caption(void *ctx, const char *id, const char *json, size_t len)
{
	caption_set *cs = ctx;
	char **slot = lk_strmap_get(cs->map, id);
	json_t *root;
	const char *caption;

	if (!slot || *slot)
		return 0;
	root = json_loadb(json, len, 0, NULL);
	caption = root ? json_string_value(json_object_get(root, "caption")) : NULL;
	if (caption)
		*slot = strdup(caption);
	json_decref(root);
	return 0;
}

static const char *caption_of(const caption_set *cs, const char *id)
{
	char **slot = cs->map ? lk_strmap_get(cs->map, id) : NULL;

	return slot && *slot ? *slot : "";
}

static void caption_set_dispose(caption_set *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->slots[i]);
	free(cs->slots);
	lk_strmap_free(cs->map);
}

static int load_captions(caption_set *cs, lk_store *store, const lk_diff *d, size_t limit)
{
	size_t na = d->nadded < limit ? d->nadded : limit;
	size_t nr = d->nremoved < limit ? d->nremoved : limit;
	size_t nc = d->nchanged < limit ? d->nchanged : limit;
	int rc = 0;

	memset(cs, 0, sizeof(*cs));
	if (na + nr + nc == 0)
		return 0;
	cs->map = lk_strmap_new();
	cs->slots = calloc(na + nr + nc, sizeof(*cs->slots));
	if (!cs->map || !cs->slots)
		return lk_error_set(LK_ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < na; i++)
		rc = want(cs, d->added[i]);
	for (size_t i = 0; rc == 0 && i < nc; i++)
		rc = want(cs, d->changed[i].id);
	/* added and changed entities are named in the new version, removed ones in the old */
	if (rc == 0 && na + nc > 0)
		rc = lk_store_foreach_entity(store, d->to_version, take_caption, cs);
	for (size_t i = 0; rc == 0 && i < nr; i++)
		rc = want(cs, d->removed[i]);
	if (rc == 0 && nr > 0)
		rc = lk_store_foreach_entity(store, d->from_version, take_caption, cs);
	return rc;
}

static int print_ids(const char *title, char *const *ids, size_t n, size_t limit,
                     const caption_set *cs)
{
	cli_table t;
	int rc;

	if (n == 0 || limit == 0)
		return 0;
	printf("\n%s (%s%zu of %zu):\n", title, n > limit ? "first " : "", n > limit ? limit : n,
	       n);
	cli_table_init(&t, 2, 0);
	for (size_t i = 0; i < n && i < limit; i++) {
		char id[160];

		snprintf(id, sizeof(id), "  %s", ids[i]);
		cli_table_addv(&t, id, caption_of(cs, ids[i]));
	}
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return rc;
}

static int print_changed(const lk_diff *d, size_t limit, const caption_set *cs)
{
	size_t n = d->nchanged;
	cli_table t;
	int rc;

	if (n == 0 || limit == 0)
		return 0;
	printf("\nChanged (%s%zu of %zu):\n", n > limit ? "first " : "", n > limit ? limit : n, n);
	cli_table_init(&t, 3, 48);
	for (size_t i = 0; i < n && i < limit; i++) {
		const lk_diff_change *c = &d->changed[i];
		char id[160];
		char props[512] = "";
		size_t used = 0;

		for (size_t p = 0; p < c->nprops && used < sizeof(props); p++) {
			int w = snprintf(props + used, sizeof(props) - used, "%s%s", p ? ", " : "",
			                 c->props[p]);
			if (w < 0)
				break;
			used += (size_t)w;
		}
		snprintf(id, sizeof(id), "  %s", c->id);
		cli_table_addv(&t, id, caption_of(cs, c->id), props);
	}
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return rc;
}

static int print_human(lk_store *store, const lk_diff *d, size_t limit)
{
	caption_set cs;
	char num[4][24];
	cli_table t;
	int rc;

	printf("%s: version %lld -> version %lld\n", d->source, (long long)d->from_version,
	       (long long)d->to_version);
	snprintf(num[0], sizeof(num[0]), "%zu", d->nadded);
	snprintf(num[1], sizeof(num[1]), "%zu", d->nremoved);
	snprintf(num[2], sizeof(num[2]), "%zu", d->nchanged);
	snprintf(num[3], sizeof(num[3]), "%zu", d->unchanged);
	cli_table_init(&t, 2, 0);
	cli_table_addv(&t, "  added", num[0]);
	cli_table_addv(&t, "  removed", num[1]);
	cli_table_addv(&t, "  changed", num[2]);
	cli_table_addv(&t, "  unchanged", num[3]);
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	if (rc < 0)
		return rc;

	rc = load_captions(&cs, store, d, limit);
	if (rc == 0)
		rc = print_ids("Added", d->added, d->nadded, limit, &cs);
	if (rc == 0)
		rc = print_ids("Removed", d->removed, d->nremoved, limit, &cs);
	if (rc == 0)
		rc = print_changed(d, limit, &cs);
	caption_set_dispose(&cs);
	return rc;
}

static json_t *id_array(char *const *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(ids[i]));
	return a;
}

static int print_json(const lk_diff *d)
{
	json_t *o = json_object();
	json_t *changed = json_array();
	json_t *counts = json_object();

	if (!o || !changed || !counts) {
		json_decref(o);
		json_decref(changed);
		json_decref(counts);
		return cli_json_print(NULL);
	}
	for (size_t i = 0; i < d->nchanged; i++) {
		json_t *c = json_object();

		if (!c)
			continue;
		json_object_set_new(c, "id", json_string(d->changed[i].id));
		json_object_set_new(c, "properties",
		                    id_array(d->changed[i].props, d->changed[i].nprops));
		json_array_append_new(changed, c);
	}
	json_object_set_new(counts, "added", json_integer((json_int_t)d->nadded));
	json_object_set_new(counts, "removed", json_integer((json_int_t)d->nremoved));
	json_object_set_new(counts, "changed", json_integer((json_int_t)d->nchanged));
	json_object_set_new(counts, "unchanged", json_integer((json_int_t)d->unchanged));
	json_object_set_new(o, "source", json_string(d->source));
	json_object_set_new(o, "from", json_integer(d->from_version));
	json_object_set_new(o, "to", json_integer(d->to_version));
	json_object_set_new(o, "added", id_array(d->added, d->nadded));
	json_object_set_new(o, "removed", id_array(d->removed, d->nremoved));
	json_object_set_new(o, "changed", changed);
	json_object_set_new(o, "counts", counts);
	return cli_json_print(o);
}

/* A limit: a non-negative decimal integer. */
static bool parse_limit(const char *s, size_t *out)
{
	char *end = NULL;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v > SIZE_MAX ? SIZE_MAX : (size_t)v;
	return true;
}

int cmd_lists_diff(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout lists diff";
	const char *limit_text = NULL;
	const cli_option opts[] = {
		{"limit", 'n', &limit_text, NULL},
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	lk_diff *diff = NULL;
	int64_t from = 0, to = 0;
	size_t limit = 10;
	int npos;
	int rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_lists_diff);
		goto done;
	}
	if (npos != 1 && npos != 3) {
		rc = cli_usage_error(cmd, npos == 0 ? "SOURCE is required"
		                     : npos == 2   ? "FROM and TO go together"
		                                   : "too many arguments");
		goto done;
	}
	if (npos == 3 && (!cli_parse_int64(argv[2], &from) || !cli_parse_int64(argv[3], &to))) {
		rc = cli_usage_error(cmd, "FROM and TO must be version ids (positive integers)");
		goto done;
	}
	if (limit_text && !parse_limit(limit_text, &limit)) {
		rc = cli_usage_error(cmd, "--limit needs a non-negative integer, not '%s'",
		                     limit_text);
		goto done;
	}
	rc = cli_store_open(ctx, false, &store);
	if (rc < 0)
		goto done;
	rc = lk_store_diff(&diff, store, argv[1], from, to);
	if (rc < 0)
		goto done;
	rc = ctx->json ? print_json(diff) : print_human(store, diff, limit);
done:
	lk_diff_free(diff);
	lk_store_close(store);
	return rc;
}

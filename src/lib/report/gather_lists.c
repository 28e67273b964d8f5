/*
 * gather_lists.c - the list-changes part of the report: each version imported in the period,
 * diffed against the version of its source imported before it, with the names of the
 * entities added, removed and changed.
 *
 * Names come from the entities' stored JSON ("caption"): added and changed ones from the new
 * version, removed ones from the old one (they are in no active version any more). One pass
 * over each version's entities looks up the ids of interest in a map, so a version costs one
 * scan whatever the size of its diff.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lookout/error.h"
#include "lookout/strmap.h"
#include "report_int.h"

typedef struct name_ctx {
	rp_report *r;
	lk_strmap *want; /* id -> rp_change* */
	bool failed;
} name_ctx;

static int fill_name(void *ctx, const char *id, const char *json, size_t len)
{
	name_ctx *c = ctx;
	rp_change *ch = lk_strmap_get(c->want, id);
	json_t *doc;

	if (!ch)
		return 0;
	doc = json_loadb(json, len, 0, NULL);
	if (doc) {
		const char *caption = json_string_value(json_object_get(doc, "caption"));
		const char *schema = json_string_value(json_object_get(doc, "schema"));

		if (caption && *caption)
			ch->name = lk_arena_strdup(c->r->arena, caption);
		if (schema)
			ch->schema = lk_arena_strdup(c->r->arena, schema);
		json_decref(doc);
		if (!ch->name || !ch->schema)
			c->failed = true;
	}
	return 0;
}

/* Look up the names of changes[0..n) in version_id. */
static int fill_names(rp_report *r, lk_store *s, int64_t version_id, rp_change *changes,
                      size_t n)
{
	name_ctx c = {r, lk_strmap_new(), false};
	int rc = 0;

	if (!c.want)
		return lk_error_set(LK_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (lk_strmap_put(c.want, changes[i].id, &changes[i]) < 0)
			rc = lk_error_set(LK_ENOMEM, "out of memory");
	}
	if (rc == 0 && n > 0)
		rc = lk_store_foreach_entity(s, version_id, fill_name, &c);
	if (rc == 0 && c.failed)
		rc = lk_error_set(LK_ENOMEM, "out of memory");
	lk_strmap_free(c.want);
	return rc;
}

static rp_change *changes_from_ids(rp_report *r, char **ids, size_t n)
{
	rp_change *out = lk_arena_alloc(r->arena, (n ? n : 1) * sizeof(*out));

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		out[i].id = lk_arena_strdup(r->arena, ids[i]);
		if (!out[i].id)
			return NULL;
		out[i].name = out[i].id;
		out[i].schema = "";
		out[i].detail = "";
	}
	return out;
}

static int gather_version(rp_report *r, lk_store *s, rp_version *rv)
{
	lk_diff *d = NULL;
	int rc;

	if (!rv->has_prev) {
		/* the first version of a source: everything in it is new; list no names (it is
		 * the whole list), only the count */
		rv->nchanges[RP_ADDED] = rv->v.entities;
		return 0;
	}
	rc = lk_store_diff(&d, s, rv->v.source, rv->prev.id, rv->v.id);
	if (rc < 0)
		return rc;
	rv->changes[RP_ADDED] = changes_from_ids(r, d->added, d->nadded);
	rv->nchanges[RP_ADDED] = d->nadded;
	rv->changes[RP_REMOVED] = changes_from_ids(r, d->removed, d->nremoved);
	rv->nchanges[RP_REMOVED] = d->nremoved;
	rv->changes[RP_CHANGED] = lk_arena_alloc(r->arena, (d->nchanged ? d->nchanged : 1) *
	                                                       sizeof(rp_change));
	rv->nchanges[RP_CHANGED] = d->nchanged;
	rv->unchanged = d->unchanged;
	if (!rv->changes[RP_ADDED] || !rv->changes[RP_REMOVED] || !rv->changes[RP_CHANGED]) {
		lk_diff_free(d);
		return lk_error_set(LK_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < d->nchanged; i++) {
		rp_change *ch = &rv->changes[RP_CHANGED][i];
		size_t len = 1;
		char *detail;

		for (size_t k = 0; k < d->changed[i].nprops; k++)
			len += strlen(d->changed[i].props[k]) + 2;
		detail = lk_arena_alloc(r->arena, len);
		ch->id = lk_arena_strdup(r->arena, d->changed[i].id);
		if (!detail || !ch->id) {
			lk_diff_free(d);
			return lk_error_set(LK_ENOMEM, "out of memory");
		}
		detail[0] = 0;
		for (size_t k = 0; k < d->changed[i].nprops; k++) {
			if (k)
				strcat(detail, ", ");
			strcat(detail, d->changed[i].props[k]);
		}
		ch->detail = detail;
		ch->name = ch->id;
		ch->schema = "";
	}
	lk_diff_free(d);
	rc = fill_names(r, s, rv->v.id, rv->changes[RP_ADDED], rv->nchanges[RP_ADDED]);
	if (rc == 0)
		rc = fill_names(r, s, rv->v.id, rv->changes[RP_CHANGED], rv->nchanges[RP_CHANGED]);
	if (rc == 0)
		rc = fill_names(r, s, rv->prev.id, rv->changes[RP_REMOVED], rv->nchanges[RP_REMOVED]);
	return rc;
}

/* Order: by import time, then id (versions of all sources interleaved as they came). */
static int by_import(const void *a, const void *b)
{
	const rp_version *x = a, *y = b;
	int c = strcmp(x->v.imported_at, y->v.imported_at);

	if (c)
		return c;
	return x->v.id < y->v.id ? -1 : x->v.id > y->v.id;
}

int lk_report__gather_lists(rp_report *r, lk_store *s)
{
	lk_version_info *active = NULL;
	size_t nactive = 0, cap = 0;
	int rc = lk_store_active_versions(s, &active, &nactive);

	if (rc < 0)
		return rc;
	for (size_t a = 0; a < nactive && rc == 0; a++) {
		lk_version_info *vs = NULL;
		size_t n = 0;

		rc = lk_store_versions(s, active[a].source, &vs, &n);
		if (rc < 0)
			break;
		/* newest first: vs[i + 1] is the version imported before vs[i] */
		for (size_t i = 0; i < n && rc == 0; i++) {
			rp_version *rv;

			if (strcmp(vs[i].imported_at, r->since) < 0)
				continue;
			if (r->nversions == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				rp_version *nv = lk_arena_grow(r->arena, r->versions, cap, ncap,
				                               sizeof(rp_version));

				if (!nv) {
					rc = lk_error_set(LK_ENOMEM, "out of memory");
					break;
				}
				r->versions = nv;
				cap = ncap;
			}
			rv = &r->versions[r->nversions++];
			memset(rv, 0, sizeof(*rv));
			rv->v = vs[i];
			if (i + 1 < n) {
				rv->has_prev = true;
				rv->prev = vs[i + 1];
			}
			rc = gather_version(r, s, rv);
		}
		free(vs);
	}
	free(active);
	if (rc == 0 && r->nversions > 1)
		qsort(r->versions, r->nversions, sizeof(rp_version), by_import);
	return rc;
}

/*
 * diff.c - differences between two versions of a source, and between two entity documents.
 *
 * Versions are diffed by entity id with SQL joins over version_entities: ids only in the
 * newer version are added, ids only in the older are removed, and ids in both whose blob
 * hashes differ are candidates for "changed". Blobs hold content only (provenance, with its
 * shifting line numbers, is kept per version beside them), so for OFAC 2019 -> 2021 about 840
 * of 7,118 common entities are candidates rather than all of them. A candidate is reported as
 * changed only if lk_entity_json_diff() finds a property (or the schema) whose values differ;
 * a blob can also differ in the order of values, and so in the caption, and such entities
 * count as unchanged, because nothing a user screens against changed.
 *
 * Property values are compared as multisets: the order of the values of a property is not a
 * change (lists reorder aliases between releases without meaning anything by it), a value
 * added, removed or edited is, and so is a value that appears a different number of times.
 * A property absent in one document and empty in the other is not a change.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lookout/error.h"
#include "store/store_int.h"

/* A growable array of malloc'd strings. */
typedef struct strvec {
	char **v;
	size_t n, cap;
} strvec;

static int strvec_push(strvec *sv, const char *s, size_t len)
{
	if (sv->n == sv->cap) {
		size_t ncap = sv->cap ? sv->cap * 2 : 16;
		char **nv = realloc(sv->v, ncap * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "diff: out of memory");
		sv->v = nv;
		sv->cap = ncap;
	}
	char *c = malloc(len + 1);
	if (!c)
		return lk_error_set(LK_ENOMEM, "diff: out of memory");
	memcpy(c, s, len);
	c[len] = '\0';
	sv->v[sv->n++] = c;
	return 0;
}

static void strvec_dispose(strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- entity documents ---- */

/* The values of a property as a JSON array (a lone scalar counts as a one-value array). */
static size_t values_count(json_t *v)
{
	if (!v || json_is_null(v))
		return 0;
	return json_is_array(v) ? json_array_size(v) : 1;
}

static json_t *values_at(json_t *v, size_t i)
{
	return json_is_array(v) ? json_array_get(v, i) : v;
}

/* A sortable text for one value: strings as themselves, anything else as compact JSON, with
 * a tag byte so that the string "1" and the number 1 stay different. */
static int value_key(strvec *out, json_t *v)
{
	if (json_is_string(v)) {
		size_t len = json_string_length(v);
		char *tmp = malloc(len + 2);
		if (!tmp)
			return lk_error_set(LK_ENOMEM, "diff: out of memory");
		tmp[0] = 's';
		memcpy(tmp + 1, json_string_value(v), len);
		int ret = strvec_push(out, tmp, len + 1);
		free(tmp);
		return ret;
	}
	char *d = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!d)
		return lk_error_set(LK_ENOMEM, "diff: out of memory");
	size_t len = strlen(d);
	char *tmp = malloc(len + 2);
	int ret;
	if (!tmp) {
		ret = lk_error_set(LK_ENOMEM, "diff: out of memory");
	} else {
		tmp[0] = 'j';
		memcpy(tmp + 1, d, len);
		ret = strvec_push(out, tmp, len + 1);
		free(tmp);
	}
	free(d);
	return ret;
}

/* Compare the values of one property as multisets; *same receives the answer. Strings with
 * embedded NULs compare by their first NUL, which canonical JSON never contains. */
static int values_equal(json_t *a, json_t *b, bool *same)
{
	size_t na = values_count(a), nb = values_count(b);
	*same = false;
	if (na != nb)
		return 0;
	if (na == 0 || json_equal(a, b)) {
		*same = true;
		return 0;
	}
	strvec ka = {0}, kb = {0};
	int ret = 0;
	for (size_t i = 0; i < na && ret == 0; i++) {
		ret = value_key(&ka, values_at(a, i));
		if (ret == 0)
			ret = value_key(&kb, values_at(b, i));
	}
	if (ret == 0) {
		qsort(ka.v, ka.n, sizeof *ka.v, cmp_str);
		qsort(kb.v, kb.n, sizeof *kb.v, cmp_str);
		*same = true;
		for (size_t i = 0; i < na && *same; i++)
			*same = strcmp(ka.v[i], kb.v[i]) == 0;
	}
	strvec_dispose(&ka);
	strvec_dispose(&kb);
	return ret;
}

static json_t *load_doc(const char *text, const char *which, int *ret)
{
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);
	if (!doc) {
		*ret = lk_error_set(LK_EINVALID, "entity diff: %s document: line %d: %s", which,
		                    err.line, err.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		*ret = lk_error_set(LK_EINVALID, "entity diff: %s document is not a JSON object",
		                    which);
		return NULL;
	}
	return doc;
}

static json_t *props_of(json_t *doc)
{
	json_t *p = json_object_get(doc, "properties");
	return json_is_object(p) ? p : NULL;
}

int lk_entity_json_diff(const char *a, const char *b, char ***out, size_t *n)
{
	assert(a && b && out && n);
	*out = NULL;
	*n = 0;
	strvec names = {0};
	int ret = 0;
	json_t *da = load_doc(a, "first", &ret);
	json_t *db = da ? load_doc(b, "second", &ret) : NULL;
	if (!da || !db)
		goto done;

	json_t *sa = json_object_get(da, "schema"), *sb = json_object_get(db, "schema");
	if (!(sa == NULL && sb == NULL) && (!sa || !sb || !json_equal(sa, sb)))
		if ((ret = strvec_push(&names, "schema", 6)) < 0)
			goto done;

	json_t *pa = props_of(da), *pb = props_of(db);
	const char *key;
	json_t *va;
	bool same;
	/* Properties of a (compared with b's), then those only b has. */
	json_object_foreach(pa, key, va) {
		if ((ret = values_equal(va, pb ? json_object_get(pb, key) : NULL, &same)) < 0)
			goto done;
		if (!same && (ret = strvec_push(&names, key, strlen(key))) < 0)
			goto done;
	}
	json_t *vb;
	json_object_foreach(pb, key, vb) {
		if (pa && json_object_get(pa, key))
			continue;
		if (values_count(vb) > 0 && (ret = strvec_push(&names, key, strlen(key))) < 0)
			goto done;
	}
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
done:
	json_decref(da);
	json_decref(db);
	if (ret < 0) {
		strvec_dispose(&names);
		return ret;
	}
	*out = names.v;
	*n = names.n;
	return 0;
}

/* ---- version diffs ---- */

void lk_diff_free(lk_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nadded; i++)
		free(d->added[i]);
	free(d->added);
	for (size_t i = 0; i < d->nremoved; i++)
		free(d->removed[i]);
	free(d->removed);
	for (size_t i = 0; i < d->nchanged; i++) {
		free(d->changed[i].id);
		for (size_t j = 0; j < d->changed[i].nprops; j++)
			free(d->changed[i].props[j]);
		free(d->changed[i].props);
	}
	free(d->changed);
	free(d);
}

/* The two distinct versions of source most recently made active, newest in *to. */
static int latest_two(lk_store *s, const char *source, int64_t *from, int64_t *to)
{
	sqlite3_stmt *st = NULL;
	int ret = 0, rc, got = 0;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT version_id FROM imports WHERE source = ?1"
	                        " GROUP BY version_id ORDER BY MAX(id) DESC LIMIT 2",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "finding the latest versions");
		goto done;
	}
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*(got++ == 0 ? to : from) = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "finding the latest versions");
	else if (got < 2)
		ret = lk_error_set(LK_ENOTFOUND, "store: source '%s' has %s: nothing to diff",
		                   source, got == 0 ? "no versions" : "only one version");
done:
	sqlite3_finalize(st);
	return ret;
}

/* Run a query of ids (column 0) with the two versions bound as ?1, ?2 into a malloc'd
 * array. */
static int collect_ids(lk_store *s, const char *sql, int64_t a, int64_t b, char ***out,
                       size_t *n)
{
	strvec ids = {0};
	sqlite3_stmt *st = NULL;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "diffing versions");
		goto done;
	}
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if ((ret = strvec_push(&ids, id ? id : "", (size_t)sqlite3_column_bytes(st, 0))) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "diffing versions");
done:
	sqlite3_finalize(st);
	if (ret < 0)
		strvec_dispose(&ids);
	*out = ids.v;
	*n = ids.n;
	return ret;
}

/* Ids of version ?1 that version ?2 lacks, in id order (the primary key's order). */
static const char only_in_first[] =
	"SELECT a.entity_id FROM version_entities a WHERE a.version_id = ?1 AND NOT EXISTS"
	" (SELECT 1 FROM version_entities b WHERE b.version_id = ?2 AND b.entity_id = a.entity_id)"
	" ORDER BY a.entity_id";

static int collect_changed(lk_store *s, lk_diff *d)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT f.entity_id, bf.json, bt.json FROM version_entities f"
	                            " JOIN version_entities t ON t.version_id = ?2"
	                            "  AND t.entity_id = f.entity_id AND t.blob_hash <> f.blob_hash"
	                            " JOIN blobs bf ON bf.hash = f.blob_hash"
	                            " JOIN blobs bt ON bt.hash = t.blob_hash"
	                            " WHERE f.version_id = ?1 ORDER BY f.entity_id",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "diffing versions");
		goto done;
	}
	sqlite3_bind_int64(st, 1, d->from_version);
	sqlite3_bind_int64(st, 2, d->to_version);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *ja = (const char *)sqlite3_column_text(st, 1);
		const char *jb = (const char *)sqlite3_column_text(st, 2);
		char **props = NULL;
		size_t nprops = 0;
		if ((ret = lk_entity_json_diff(ja ? ja : "", jb ? jb : "", &props, &nprops)) < 0) {
			lk_error_prefix("store: diff: entity '%s'", id ? id : "");
			goto done;
		}
		if (nprops == 0) {
			free(props);
			d->unchanged++;
			continue;
		}
		if (d->nchanged == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			lk_diff_change *nc = realloc(d->changed, ncap * sizeof *nc);
			if (!nc) {
				for (size_t i = 0; i < nprops; i++)
					free(props[i]);
				free(props);
				ret = lk_error_set(LK_ENOMEM, "diff: out of memory");
				goto done;
			}
			d->changed = nc;
			cap = ncap;
		}
		lk_diff_change *c = &d->changed[d->nchanged++];
		c->props = props;
		c->nprops = nprops;
		c->id = strdup(id ? id : "");
		if (!c->id) {
			ret = lk_error_set(LK_ENOMEM, "diff: out of memory");
			goto done;
		}
	}
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "diffing versions");
done:
	sqlite3_finalize(st);
	return ret;
}

static int count_identical(lk_store *s, lk_diff *d)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT count(*) FROM version_entities f"
	                            " JOIN version_entities t ON t.version_id = ?2"
	                            "  AND t.entity_id = f.entity_id AND t.blob_hash = f.blob_hash"
	                            " WHERE f.version_id = ?1",
	                            -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, d->from_version);
		sqlite3_bind_int64(st, 2, d->to_version);
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW)
		d->unchanged += (size_t)sqlite3_column_int64(st, 0);
	else
		ret = lk_store__sqlerr(s, rc, "diffing versions");
	sqlite3_finalize(st);
	return ret;
}

/* Check that both versions exist and belong to one source (source, if given). */
static int check_versions(lk_store *s, const char *source, lk_diff *d)
{
	lk_version_info vf, vt;
	int ret;
	if ((ret = lk_store_version(s, d->from_version, &vf)) < 0 ||
	    (ret = lk_store_version(s, d->to_version, &vt)) < 0)
		return ret;
	if (source && strcmp(vf.source, source) != 0)
		return lk_error_set(LK_ENOTFOUND, "store: version %lld is a version of '%s', not '%s'",
		                    (long long)vf.id, vf.source, source);
	if (strcmp(vf.source, vt.source) != 0)
		return lk_error_set(LK_ENOTFOUND, "store: version %lld is a version of '%s', not '%s'",
		                    (long long)vt.id, vt.source, vf.source);
	snprintf(d->source, sizeof d->source, "%s", vf.source);
	return 0;
}

int lk_store_diff(lk_diff **out, lk_store *s, const char *source, int64_t from, int64_t to)
{
	assert(out && s);
	*out = NULL;
	int ret = 0;
	lk_diff *d = calloc(1, sizeof *d);
	if (!d)
		return lk_error_set(LK_ENOMEM, "diff: out of memory");
	if (from == 0 && to == 0) {
		if (!source) {
			ret = lk_error_set(LK_EINVALID, "store: diff: a source is needed to find its "
			                   "latest versions");
			goto done;
		}
		if ((ret = latest_two(s, source, &from, &to)) < 0)
			goto done;
	} else if (from == 0 || to == 0) {
		ret = lk_error_set(LK_EINVALID, "store: diff: give both versions or neither");
		goto done;
	}
	d->from_version = from;
	d->to_version = to;
	if ((ret = check_versions(s, source, d)) < 0)
		goto done;
	/* Versions never change once committed, so these reads need no common transaction. */
	if ((ret = collect_ids(s, only_in_first, to, from, &d->added, &d->nadded)) < 0 ||
	    (ret = collect_ids(s, only_in_first, from, to, &d->removed, &d->nremoved)) < 0 ||
	    (ret = collect_changed(s, d)) < 0 || (ret = count_identical(s, d)) < 0)
		goto done;
done:
	if (ret < 0) {
		lk_diff_free(d);
		return ret;
	}
	*out = d;
	return 0;
}

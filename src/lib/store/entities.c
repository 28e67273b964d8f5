/*
 * entities.c - reading entities back from the store: one entity by its Lookout id in the
 * active versions, and iteration over a version or over every active version.
 *
 * Entities are read as the canonical JSON they were stored as; turning them back into
 * lk_entity records (lk_entity_from_json) is the caller's choice, so that a caller that only
 * forwards JSON (the HTTP API) pays nothing. Iteration uses its own statement rather than a
 * cached one, because the callback may call back into the store.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "store/store_int.h"

int lk_store_entity_json(lk_store *s, const char *id, char **out, lk_version_info *version)
{
	assert(s && id && out);
	*out = NULL;
	sqlite3_stmt *st;
	int64_t vid = 0;
	int ret = lk_store__stmt(s, LK_STMT_ENTITY_ACTIVE, &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		vid = sqlite3_column_int64(st, 1);
		*out = malloc((size_t)len + 1);
		if (*out) {
			memcpy(*out, json ? json : "", (size_t)len);
			(*out)[len] = '\0';
		} else {
			ret = lk_error_set(LK_ENOMEM, "store: out of memory reading entity '%s'", id);
		}
	} else if (rc == SQLITE_DONE) {
		ret = lk_error_set(LK_ENOTFOUND, "store: no active version has entity '%s'", id);
	} else {
		ret = lk_store__sqlerr(s, rc, "reading an entity");
	}
	/* Reset at once: a statement left on a row would hold the read snapshot open. */
	sqlite3_reset(st);
	if (ret == 0 && version)
		ret = lk_store_version(s, vid, version);
	if (ret < 0) {
		free(*out);
		*out = NULL;
	}
	return ret;
}

/* Run an iteration query (rows: id, json) and call fn for each row. */
static int iterate(lk_store *s, sqlite3_stmt *st, lk_store_entity_fn fn, void *ctx)
{
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *json = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if ((ret = fn(ctx, id ? id : "", json ? json : "", len)) != 0)
			return ret;
	}
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "iterating over entities");
	return ret;
}

int lk_store_foreach_entity(lk_store *s, int64_t version_id, lk_store_entity_fn fn, void *ctx)
{
	assert(s && fn);
	lk_version_info v;
	int ret = lk_store_version(s, version_id, &v);
	if (ret < 0)
		return ret;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT ve.entity_id, " LK_STORE__ENTITY_JSON("ve", "b")
	                            " FROM version_entities ve"
	                            " JOIN blobs b ON b.hash = ve.blob_hash"
	                            " WHERE ve.version_id = ?1 ORDER BY ve.entity_id",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "iterating over entities");
		goto done;
	}
	sqlite3_bind_int64(st, 1, version_id);
	ret = iterate(s, st, fn, ctx);
done:
	sqlite3_finalize(st);
	return ret;
}

int lk_store_foreach_active(lk_store *s, lk_store_entity_fn fn, void *ctx)
{
	assert(s && fn);
	sqlite3_stmt *st = NULL;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT ve.entity_id, " LK_STORE__ENTITY_JSON("ve", "b")
	                            " FROM sources so"
	                            " JOIN version_entities ve ON ve.version_id = so.active_version"
	                            " JOIN blobs b ON b.hash = ve.blob_hash"
	                            " ORDER BY so.name, ve.entity_id",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "iterating over active entities");
		goto done;
	}
	ret = iterate(s, st, fn, ctx);
done:
	sqlite3_finalize(st);
	return ret;
}

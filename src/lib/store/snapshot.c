/*
 * snapshot.c - the store's side of the persisted screening index: one row in
 * index_snapshot holding the serialized index and the key it is valid for.
 *
 * The bytes are opaque here (src/lib/match/snapshot.c writes and checks them). The row is
 * written in its own transaction, so a kill -9 leaves either the previous snapshot or the new
 * one, and readers in WAL mode never wait for it. The key column is compared before the blob
 * is touched, so a stale snapshot costs one small read.
 */
#include <assert.h>
#include <string.h>

#include "lookout/error.h"
#include "store/store_int.h"

int lk_store__read_begin(lk_store *s, bool *own)
{
	*own = !lk_store_in_transaction(s);
	return *own ? lk_store__exec(s, "BEGIN DEFERRED") : 0;
}

void lk_store__read_end(lk_store *s, bool own)
{
	if (own && lk_store_in_transaction(s))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int lk_store__tx_open_quick(lk_store *s, const char *name, bool *own)
{
	if (lk_store_in_transaction(s))
		return lk_store__tx_open(s, name, own);
	sqlite3_busy_timeout(s->db, 200);
	int ret = lk_store__tx_open(s, name, own);
	sqlite3_busy_timeout(s->db, LK_STORE__BUSY_TIMEOUT_MS);
	return ret;
}

int lk_store__snapshot_read(lk_store *s, const char *key,
                            int (*fn)(void *ctx, const void *data, size_t len), void *ctx)
{
	assert(s && key && fn);
	sqlite3_stmt *st = NULL;
	int ret;
	int rc = sqlite3_prepare_v2(s->db, "SELECT key, data FROM index_snapshot WHERE id = 1", -1,
	                            &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "reading the index snapshot");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		if (!k || strcmp(k, key) != 0) {
			ret = lk_error_set(LK_ENOTFOUND, "store: the index snapshot is for other lists "
			                                 "or another build");
		} else {
			const void *data = sqlite3_column_blob(st, 1);
			int len = sqlite3_column_bytes(st, 1);
			ret = fn(ctx, data ? data : "", (size_t)(len > 0 ? len : 0));
		}
	} else if (rc == SQLITE_DONE) {
		ret = lk_error_set(LK_ENOTFOUND, "store: no index snapshot");
	} else {
		ret = lk_store__sqlerr(s, rc, "reading the index snapshot");
	}
	sqlite3_finalize(st);
	return ret;
}

int lk_store__snapshot_write(lk_store *s, const char *key, const void *data, size_t len)
{
	assert(s && key && data);
	if (len > (size_t)2000000000)
		return lk_error_set(LK_ETOOBIG, "store: index snapshot of %zu bytes is too big", len);
	bool own;
	int ret = lk_store__tx_open_quick(s, "lk_snapshot", &own);
	if (ret < 0)
		return ret;
	/* DELETE, then INSERT: INSERT OR REPLACE writes the new blob's pages before it frees the
	 * old ones, so the file would keep a snapshot's worth (~14 MB) of free pages for good. */
	if ((ret = lk_store__exec(s, "DELETE FROM index_snapshot")) < 0)
		return lk_store__tx_close(s, "lk_snapshot", own, ret);
	sqlite3_stmt *st = NULL;
	char now[32];
	lk_store__now(now, sizeof now);
	int rc = sqlite3_prepare_v2(s->db,
	                            "INSERT INTO index_snapshot(id, key, created_at, data)"
	                            " VALUES (1, ?1, ?2, ?3)",
	                            -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob64(st, 3, data, (sqlite3_uint64)len, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "writing the index snapshot");
	sqlite3_finalize(st);
	return lk_store__tx_close(s, "lk_snapshot", own, ret);
}

int lk_store__snapshot_clear(lk_store *s)
{
	return lk_store__exec(s, "DELETE FROM index_snapshot");
}

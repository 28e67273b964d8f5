/*
 * txn.c - transactions: the public lk_store_begin/commit/rollback that let a caller group an
 * action and its audit record, and the internal open/close pair that every library writer
 * uses so that it works both on its own and inside the caller's transaction.
 */
#include <assert.h>
#include <stdio.h>

#include "lookout/error.h"
#include "store/store_int.h"

bool lk_store_in_transaction(lk_store *s)
{
	assert(s);
	return sqlite3_get_autocommit(s->db) == 0;
}

int lk_store_begin(lk_store *s)
{
	assert(s);
	if (lk_store_in_transaction(s))
		return lk_error_set(LK_EUSAGE, "store: %s: a transaction is already open", s->path);
	return lk_store__exec(s, "BEGIN IMMEDIATE");
}

int lk_store_commit(lk_store *s)
{
	assert(s);
	if (!lk_store_in_transaction(s))
		return lk_error_set(LK_EUSAGE, "store: %s: no transaction to commit", s->path);
	int ret = lk_store__exec(s, "COMMIT");
	if (ret < 0 && lk_store_in_transaction(s))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

void lk_store_rollback(lk_store *s)
{
	assert(s);
	if (lk_store_in_transaction(s))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int lk_store__tx_open(lk_store *s, const char *name, bool *own)
{
	*own = !lk_store_in_transaction(s);
	if (*own)
		return lk_store__exec(s, "BEGIN IMMEDIATE");
	char sql[96];
	snprintf(sql, sizeof sql, "SAVEPOINT %s", name);
	return lk_store__exec(s, sql);
}

int lk_store__tx_close(lk_store *s, const char *name, bool own, int ret)
{
	char sql[128];
	if (own) {
		if (ret >= 0) {
			int r = lk_store__exec(s, "COMMIT");
			if (r < 0)
				ret = r;
		}
		if (lk_store_in_transaction(s))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	if (ret < 0) {
		snprintf(sql, sizeof sql, "ROLLBACK TO %s; RELEASE %s", name, name);
		sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		return ret;
	}
	snprintf(sql, sizeof sql, "RELEASE %s", name);
	return lk_store__exec(s, sql);
}

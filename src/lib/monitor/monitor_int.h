/*
 * monitor_int.h - internals shared by the monitor's files (customers.c, import.c, run.c,
 * alerts.c). They work on the store's SQLite handle directly (store_int.h).
 */
#ifndef LK_MONITOR_MONITOR_INT_H
#define LK_MONITOR_MONITOR_INT_H

#include <jansson.h>

#include "lookout/audit.h"
#include "lookout/monitor.h"
#include "store/store_int.h"

/* Prepare sql into *st (a statement of its own, finalized by the caller). */
int lk_mon__prepare(lk_store *s, const char *sql, sqlite3_stmt **st);

/* Step a statement that returns no rows, then reset it. */
int lk_mon__step_done(lk_store *s, sqlite3_stmt *st, const char *what);

/* A column as a string ("" for NULL). */
const char *lk_mon__col(sqlite3_stmt *st, int i);

/* Append an audit record whose detail is the JSON value d (stolen: decref'd here). */
int lk_mon__audit(lk_store *s, const char *action, const char *actor, const char *subject,
                  json_t *d);

/* The columns lk_mon__read_customer() expects, for "FROM customers c". */
#define LK_MON__CUSTOMER_COLS                                                           \
	"c.id, c.ref, c.name, c.schema, c.dob, c.country, c.ident, c.aliases, c.hash,"        \
	" c.removed, c.screened_hash IS c.hash, c.created_at, c.updated_at"

/* Fill *out from the current row (LK_MON__CUSTOMER_COLS from column 0). */
int lk_mon__read_customer(sqlite3_stmt *st, lk_customer *out);

/* Statements of an upsert, prepared once per import (lk_mon__upsert_prepare/finalize). */
typedef struct upsert_stmts {
	sqlite3_stmt *get, *insert, *update, *drop_keys;
} upsert_stmts;

int lk_mon__upsert_prepare(lk_store *s, upsert_stmts *u);
void lk_mon__upsert_finalize(upsert_stmts *u);

/* Upsert one customer with its audit record; the caller holds the transaction. */
int lk_mon__upsert(lk_store *s, upsert_stmts *u, const lk_customer_in *c, const char *actor,
                   lk_upsert_change *change);

/* Mark a customer removed with its audit record ("why" goes into it); the caller holds the
 * transaction. *done says whether anything changed (false if it was removed already). */
int lk_mon__remove(lk_store *s, const char *ref, const char *actor, const char *why,
                   bool *done);

/* ---- the delta run's candidates from persisted customer keys (rank.c) ---- */

typedef struct lk_mon__ranker lk_mon__ranker;

/* A ranker for the entities of ix with these ids (the entities added or changed); each form
 * keeps keep_factor times as many names as lk_match_screen would score. */
int lk_mon__ranker_new(lk_mon__ranker **out, const lk_index *ix, char *const *ids, size_t n,
                       size_t keep_factor);

/* Read customer cust's keys blob (match/keys.h). LK_EINVALID (nothing recorded) if the blob
 * is not one of this version: the customer must then be screened forward. */
int lk_mon__ranker_add(lk_mon__ranker *r, uint32_t cust, const void *blob, size_t len);

/* The candidates: the distinct cust values of the best names of every form, ascending
 * (*out malloc'd). */
int lk_mon__ranker_finish(lk_mon__ranker *r, uint32_t **out, size_t *n);

/* Hits recorded (names x matching keys), for the statistics. */
size_t lk_mon__ranker_hits(const lk_mon__ranker *r);

void lk_mon__ranker_free(lk_mon__ranker *r);

/* 0 if blob is a readable keys blob of this version, else LK_EINVALID. */
int lk_mon__keys_check(const void *blob, size_t len);

#endif

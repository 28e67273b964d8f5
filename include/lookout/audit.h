/*
 * audit.h - the audit trail: an append-only, hash-chained log in the store.
 *
 * Every action that changes what the store holds (a list import, a customer change, a
 * monitoring run, an alert, a decision, an API write) appends one record:
 *
 *   seq        1, 2, 3, ... without gaps
 *   at         UTC time, ISO 8601 ("2026-11-29T10:00:00Z")
 *   action     a dotted verb ("list.import", "customer.upsert", "alert.decide", ...)
 *   actor      who did it: "cli", an API key id, a user name; "" when unknown
 *   subject    what it was done to ("ofac_sdn", a customer ref, "alert:12"); may be ""
 *   detail     a JSON object (stored in canonical form: compact, keys sorted); "{}" if none
 *   prev_hash  the hash of record seq - 1 (64 zeros for the first record)
 *   hash       SHA-256 (hex) of the canonical serialisation of all the fields above
 *
 * The canonical serialisation is the concatenation, for each of seq (decimal), at, action,
 * actor, subject, detail and prev_hash in that order, of "<byte length>:<bytes>\n". Length
 * prefixes make it unambiguous whatever bytes the fields hold. Editing, deleting or inserting
 * any record breaks the chain at that record, which lk_audit_verify() reports. The table is
 * also guarded by triggers that refuse UPDATE and DELETE, so only a deliberate tamperer who
 * drops them can change it.
 *
 * Transactions: lk_audit_append() joins the caller's open transaction if there is one (see
 * lk_store_begin() in store.h), so that an action and its audit record commit or roll back
 * together; otherwise it runs in a transaction of its own. lk_store_import() appends a
 * "list.import" record inside its own transaction.
 */
#ifndef LOOKOUT_AUDIT_H
#define LOOKOUT_AUDIT_H

#include <stdio.h>

#include "common.h"
#include "hash.h"
#include "store.h"

/* Bounds on one record's text fields (longer input is refused with LK_ETOOBIG). */
#define LK_AUDIT_MAX_FIELD 1024          /* action, actor, subject */
#define LK_AUDIT_MAX_DETAIL (1u << 20)   /* detail JSON */

/*
 * Append a record. action must be non-empty; actor, subject and detail_json may be NULL.
 * detail_json, if given, must be a JSON object (LK_EINVALID otherwise); it is stored in
 * canonical form. The new record's seq goes to *id_out if id_out is not NULL.
 */
LK_EXTERN(int) lk_audit_append(lk_store *s, const char *action, const char *actor,
                               const char *subject, const char *detail_json, int64_t *id_out);

typedef struct lk_audit_verify_result {
	bool ok;               /* the whole chain recomputes */
	int64_t records;       /* records checked */
	int64_t first_bad;     /* seq of the first broken record, 0 if ok */
	char reason[256];      /* why it is broken ("hash mismatch", "gap before", ...) */
	char head[LK_SHA256_HEX_LEN]; /* hash of the last record ("" when the log is empty) */
} lk_audit_verify_result;

/*
 * Recompute the chain from the first record. Returns 0 when the check could run (whether or
 * not the chain is intact: see out->ok); a negative code only if the store could not be read.
 */
LK_EXTERN(int) lk_audit_verify(lk_store *s, lk_audit_verify_result *out);

/*
 * Write the records whose time is at or after `since` (a date "YYYY-MM-DD" or a time
 * "YYYY-MM-DDTHH:MM:SSZ"; NULL or "" for all) to f as JSON lines, one object per record with
 * the fields named above ("detail" as an object). LK_EINVALID for a malformed since, LK_EIO
 * if writing fails.
 */
LK_EXTERN(int) lk_audit_export(lk_store *s, const char *since, FILE *f);

/* One record read back (for the HTTP API and tests). Strings are malloc'd. */
typedef struct lk_audit_record {
	int64_t seq;
	char at[32];
	char *action, *actor, *subject, *detail;
	char prev_hash[LK_SHA256_HEX_LEN];
	char hash[LK_SHA256_HEX_LEN];
} lk_audit_record;

/*
 * The records with seq > after_seq, at most limit of them (0: no limit), in seq order.
 * *out is malloc'd; release with lk_audit_records_free().
 */
LK_EXTERN(int) lk_audit_records(lk_store *s, int64_t after_seq, size_t limit,
                                lk_audit_record **out, size_t *n);
LK_EXTERN(void) lk_audit_records_free(lk_audit_record *r, size_t n);

#endif

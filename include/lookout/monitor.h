/*
 * monitor.h - ongoing monitoring: a customer base under watch, monitoring runs that screen
 * what needs screening, alerts, and the decisions reviewers take on them.
 *
 * Customers (counterparties) are identified by their own key, ref. Importing upserts by ref;
 * a customer is never deleted: removing one sets its removed flag, so that its alerts and
 * the audit trail keep pointing at it. Each customer has a material content hash: the
 * SHA-256 of its name, schema, birth date, country, identifier and aliases. A change of that
 * hash is a material change.
 *
 * A monitoring run (lk_monitor_run) screens
 *   - customers that are new or changed materially since they were last screened, forward
 *     against the index of every active list version (lk_match_screen);
 *   - every other customer against the entities added or changed in each source since the
 *     last run (found with lk_store_diff between the version the last run saw and the active
 *     one): each screened customer's retrieval keys (the keys the list index would post for
 *     its names) are kept in the store, written with its screened mark; the customers whose
 *     names share the keys of such an entity are ranked by those keys as the screening
 *     engine ranks indexed names (role and rarity weights), and the best of them are the
 *     candidates, each scored forward against the list index, so that its score is exactly
 *     the one `lookout screen` would give (a customer without stored keys of the current
 *     format, as after an upgrade, is screened forward in full);
 * and records one alert per (customer, list entity) whose score reaches the threshold:
 *   - a pair never gets a second alert (UNIQUE in the store);
 *   - a pair decided false-positive stays suppressed until the material hash of the customer
 *     or of the entity (names, birth dates, countries, identifiers) differs from the one the
 *     alert holds; then it is re-opened;
 *   - the open and escalated alerts of an entity removed from its list are closed, with the
 *     reason, and so are those of a removed customer.
 * The run's writes (alerts, the screened marks, the list versions it saw, its audit records)
 * are one transaction: a run killed at any point leaves the store as it was, and running
 * again completes it.
 *
 * Decisions (lk_alert_decide) are immutable rows; a new decision supersedes the previous one
 * and sets the alert's status (true-match, false-positive, escalated). Everything that
 * changes state is appended to the audit trail (audit.h) in the same transaction, with the
 * actor given (NULL: "").
 *
 * Memory: everything returned through out parameters belongs to the caller and is released
 * with the matching _free function.
 */
#ifndef LOOKOUT_MONITOR_H
#define LOOKOUT_MONITOR_H

#include <stdio.h>

#include "common.h"
#include "entity.h"
#include "hash.h"
#include "match.h"
#include "store.h"

/* ---- customers ---- */

#define LK_CUSTOMER_MAX_FIELD 1024   /* bytes of ref, name, dob, country, id, one alias */
#define LK_CUSTOMER_MAX_ALIASES 64

/* A customer as given to an upsert (borrowed strings). */
typedef struct lk_customer_in {
	const char *ref;        /* required, unique */
	const char *name;       /* required */
	lk_schema schema;       /* Person, Organization, Company, LegalEntity, Vessel, ... */
	const char *dob;        /* or NULL */
	const char *country;    /* name or ISO code, or NULL */
	const char *id;         /* an identifier (passport, registration no., IMO), or NULL */
	const char *const *aliases;
	size_t naliases;
} lk_customer_in;

/* A stored customer (malloc'd strings; release with lk_customer_dispose). */
typedef struct lk_customer {
	int64_t id;             /* row id in the store */
	char *ref, *name, *dob, *country, *ident;   /* absent fields are "" */
	lk_schema schema;
	char **aliases;
	size_t naliases;
	char hash[LK_SHA256_HEX_LEN];   /* material content hash */
	bool removed;
	bool screened;          /* screened with its current content by a monitoring run */
	char created_at[32], updated_at[32];
} lk_customer;

LK_EXTERN(void) lk_customer_dispose(lk_customer *c);
LK_EXTERN(void) lk_customers_free(lk_customer *v, size_t n);

/* What an upsert did. */
typedef enum lk_upsert_change {
	LK_UPSERT_UNCHANGED,
	LK_UPSERT_ADDED,
	LK_UPSERT_UPDATED,      /* the content changed (or a removed customer came back) */
} lk_upsert_change;

/*
 * Check a customer record: ref and name present, sizes within LK_CUSTOMER_MAX_*, valid
 * UTF-8, a known schema. Returns 0 or LK_EINVALID/LK_ETOOBIG with a message naming the field.
 */
LK_EXTERN(int) lk_customer_check(const lk_customer_in *c);

/*
 * Insert or update one customer by ref, with its audit record ("customer.add" or
 * "customer.update" with the fields that changed), in one transaction (or the caller's).
 * *change (may be NULL) says what happened.
 */
LK_EXTERN(int) lk_customer_upsert(lk_store *s, const lk_customer_in *c, const char *actor,
                                  lk_upsert_change *change);

/* Mark a customer removed ("customer.remove"). LK_ENOTFOUND for an unknown ref; removing a
 * removed customer is a no-op. */
LK_EXTERN(int) lk_customer_remove(lk_store *s, const char *ref, const char *actor);

/* One customer by ref (removed ones too). LK_ENOTFOUND if unknown. */
LK_EXTERN(int) lk_customer_get(lk_store *s, const char *ref, lk_customer *out);

/* Customers ordered by ref; removed ones only if include_removed. *out malloc'd. */
LK_EXTERN(int) lk_customers_list(lk_store *s, bool include_removed, lk_customer **out,
                                 size_t *n);

/* The customer as an lk_entity (id "cust-<row id>", source "customers") in arena a. */
LK_EXTERN(int) lk_customer_to_entity(const lk_customer *c, lk_arena *a, lk_entity **out);

/* ---- importing a customer file ---- */

typedef struct lk_customer_import_opts {
	bool full;              /* the file is the whole customer base: refs not in it are
	                           removed (only if the whole file was read) */
	const char *actor;      /* for the audit trail; NULL: "" */
	size_t batch;           /* rows per transaction (0: 5000) */
	/* progress: bytes read so far of total (file size); may be NULL */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	/* a row that was skipped: its 1-based row number (data rows, the header not counted,
	 * JSON lines: line number) and why; may be NULL */
	void (*bad_row)(void *ctx, size_t row, const char *message);
	void *ctx;
} lk_customer_import_opts;

typedef struct lk_customer_import_result {
	size_t rows;            /* data rows read */
	size_t added, updated, unchanged, removed;
	size_t bad;             /* rows skipped */
} lk_customer_import_result;

/*
 * Import a customer file: CSV with a header row (columns ref, name, schema, and optionally
 * dob, country, id, aliases with aliases separated by ';'; other columns are ignored), or
 * JSON lines (one object per line with the same keys, "aliases" an array of strings). The
 * format is chosen by the first non-blank byte ('{' means JSON lines). Rows are upserted by
 * ref in transactions of opts->batch rows, each with its audit records; a bad row is
 * reported through bad_row and skipped, and nothing stored is lost. A "customers.import"
 * record with the counts ends the import. A duplicate ref within the file: the later row
 * wins. Returns 0 when the file was read to its end (even with bad rows), or an error
 * (unreadable file, missing ref/name column, store failure).
 */
LK_EXTERN(int) lk_customers_import(lk_store *s, const char *path,
                                   const lk_customer_import_opts *opts,
                                   lk_customer_import_result *result);

/* ---- monitoring runs ---- */

typedef struct lk_monitor_opts {
	double threshold;       /* < 0: LK_MATCH_DEFAULT_THRESHOLD */
	size_t limit;           /* matches kept per customer; 0: 50 */
	unsigned threads;       /* 0: the number of online CPUs (at most 16) */
	const char *actor;
	/* progress of the screening phase: customers done of total; may be NULL */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
} lk_monitor_opts;

typedef struct lk_monitor_result {
	int64_t run_id;
	size_t screened;        /* customers scored against the lists in this run */
	size_t forward;         /* of them: new or changed customers, screened against all lists */
	size_t delta_entities;  /* entities added or changed since the last run */
	size_t removed_entities;
	size_t alerts_new;      /* alerts created or re-opened */
	size_t alerts_closed;
	double duration_s;
	double index_s;         /* building the list index */
	double reverse_s;       /* reading the customers and ranking them by their stored keys */
	size_t candidates;      /* of screened: candidates of the added or changed entities */
	size_t rank_hits;       /* customer names x keys shared with those entities */
} lk_monitor_result;

/*
 * Run monitoring (see the top of this header). Returns 0, LK_EBUSY if the lists changed
 * while it ran (nothing is written; run again), or an error. result may be NULL.
 */
LK_EXTERN(int) lk_monitor_run(lk_store *s, const lk_monitor_opts *opts,
                              lk_monitor_result *result);

/* The material hash of an entity: SHA-256 over its sorted name, birth date, country and
 * identifier values (what an alert's suppression depends on). */
LK_EXTERN(void) lk_entity_material_hash(const lk_entity *e, char out[LK_SHA256_HEX_LEN]);

/* ---- alerts and decisions ---- */

typedef enum lk_alert_status {
	LK_ALERT_OPEN,
	LK_ALERT_ESCALATED,
	LK_ALERT_TRUE_MATCH,
	LK_ALERT_FALSE_POSITIVE,
	LK_ALERT_CLOSED,
	LK_ALERT__COUNT
} lk_alert_status;

/* "open", "escalated", "true-match", "false-positive", "closed". */
LK_EXTERN(const char *) lk_alert_status_name(lk_alert_status s);
/* The status of a name; -1 if unknown. */
LK_EXTERN(int) lk_alert_status_from_name(const char *name);

typedef struct lk_alert {
	int64_t id;
	int64_t customer_id;
	char *customer_ref;
	char *entity_id;
	char *source;
	char *entity_caption;   /* the entity's name when the alert was raised */
	double score;
	lk_alert_status status;
	char created_at[32];
	char updated_at[32];
	char *closed_reason;    /* "" unless closed */
	char *explanation;      /* JSON object (lk_explanation_to_json) */
	int64_t run_id;         /* the run that raised (or last re-opened) it */
} lk_alert;

LK_EXTERN(void) lk_alerts_free(lk_alert *v, size_t n);

/* Alerts ordered by id; status < 0 for all. *out malloc'd. */
LK_EXTERN(int) lk_alerts_list(lk_store *s, int status, lk_alert **out, size_t *n);

/* How many alerts have each status (by index: counts[LK_ALERT_OPEN], ...), counted in the
 * store without reading the alerts. */
LK_EXTERN(int) lk_alerts_count(lk_store *s, size_t counts[LK_ALERT__COUNT]);

/* One alert by id; LK_ENOTFOUND if absent. Release *out with lk_alerts_free(out, 1). */
LK_EXTERN(int) lk_alert_get(lk_store *s, int64_t id, lk_alert **out);

typedef enum lk_decision_kind {
	LK_DECISION_TRUE_MATCH,
	LK_DECISION_FALSE_POSITIVE,
	LK_DECISION_ESCALATE
} lk_decision_kind;

/* "true-match", "false-positive", "escalate"; and back (-1 if unknown). */
LK_EXTERN(const char *) lk_decision_name(lk_decision_kind k);
LK_EXTERN(int) lk_decision_from_name(const char *name);

typedef struct lk_decision {
	int64_t id;
	int64_t alert_id;
	lk_decision_kind decision;
	char *reason;
	char *by;               /* the reviewer */
	char *actor;            /* the channel (cli, an API key id) */
	char at[32];
	int64_t supersedes;     /* the decision this one replaces, 0 if the first */
} lk_decision;

LK_EXTERN(void) lk_decisions_free(lk_decision *v, size_t n);

/*
 * Record a decision on an alert and set its status, with an "alert.decide" audit record, in
 * one transaction. reason and by are required (LK_EINVALID). *id_out (may be NULL) gets the
 * decision's id. LK_ENOTFOUND for an unknown alert.
 */
LK_EXTERN(int) lk_alert_decide(lk_store *s, int64_t alert_id, lk_decision_kind decision,
                               const char *reason, const char *by, const char *actor,
                               int64_t *id_out);

/* The decisions of an alert, oldest first. */
LK_EXTERN(int) lk_alert_decisions(lk_store *s, int64_t alert_id, lk_decision **out, size_t *n);

#endif

/*
 * store.h - the Lookout store: sources, list versions and their entities, diffs.
 *
 * The embedded store is one SQLite database in WAL mode ($LOOKOUT_DB, default ./lookout.db).
 * List versions are content-addressed: a version is identified within its source by the
 * SHA-256 of its input files, and importing input whose hash equals the source's active
 * version is a no-op that says so. Entities are stored as canonical JSON
 * (lk_entity_to_json), deduplicated by the SHA-256 of that JSON, so versions that share
 * entities share their rows and "changed" is a hash comparison. An import runs in one
 * transaction: if anything fails, nothing changes and the previously active version stays
 * active. The store survives kill -9 (SQLite's journal).
 *
 * Memory: everything returned through `out` parameters belongs to the caller and is released
 * with the matching _free function. A store handle may be used by one thread at a time.
 */
#ifndef LOOKOUT_STORE_H
#define LOOKOUT_STORE_H

#include "common.h"
#include "entity.h"
#include "lists.h"

typedef struct lk_store lk_store;

/*
 * Open (creating if needed) the store at path; NULL or "" means $LOOKOUT_DB or ./lookout.db.
 * Creates or migrates the schema. Returns 0, or LK_ESTORE/LK_EIO with a message.
 */
LK_EXTERN(int) lk_store_open(lk_store **out, const char *path);

/* Close the store. NULL is a no-op. */
LK_EXTERN(void) lk_store_close(lk_store *s);

/* The path of the database file. Borrowed. */
LK_EXTERN(const char *) lk_store_path(const lk_store *s);

/* One list version. */
typedef struct lk_version_info {
	int64_t id;                   /* version id, unique in the store */
	char source[64];
	char format[32];              /* lk_format_name() */
	char hash[LK_SHA256_HEX_LEN]; /* content hash of the inputs */
	char imported_at[32];         /* UTC, ISO 8601 ("2026-11-29T10:00:00Z") */
	char published[32];           /* date the list says it was generated, or "" */
	size_t entities;
	size_t names;
	size_t by_schema[LK_SCHEMA__COUNT];
	size_t nwarnings;
	bool active;
	/* A sanctions list: an official list's format (UN, OFAC, EU, UK), or FollowTheMoney
	 * with at least one entity whose topics include "sanction" or "sanction.*". The
	 * "sanctions" dataset of the CLI and the API is the sources whose active version is. */
	bool sanctions;
} lk_version_info;

typedef struct lk_import_result {
	int64_t version_id;           /* the version now active for the source */
	int64_t previous_version_id;  /* the version active before, or 0 */
	bool unchanged;               /* the input was identical to the active version */
	bool reactivated;             /* the input matched an older version, made active again */
} lk_import_result;

/*
 * Store a parsed list as a new version of list->source and make it active, atomically.
 * If list->hash equals the active version's hash, nothing is written and result->unchanged is
 * set. If it equals an older version of the source, that version becomes active again
 * (result->reactivated). result may be NULL.
 */
LK_EXTERN(int) lk_store_import(lk_store *s, const lk_list *list, lk_import_result *result);

/* Whether version v's source is in the dataset named `dataset`: "default" (every source),
 * "sanctions" (the sanctions lists, v->sanctions) or a source's own name. */
LK_EXTERN(bool) lk_version_in_dataset(const lk_version_info *v, const char *dataset);

/* The active version of every source, ordered by source name. *out is malloc'd (free()). */
LK_EXTERN(int) lk_store_active_versions(lk_store *s, lk_version_info **out, size_t *n);

/* All versions of a source, newest first. *out is malloc'd (free()). LK_ENOTFOUND if the
 * source has no versions. */
LK_EXTERN(int) lk_store_versions(lk_store *s, const char *source, lk_version_info **out,
                                 size_t *n);

/* One version by id. LK_ENOTFOUND if absent. */
LK_EXTERN(int) lk_store_version(lk_store *s, int64_t id, lk_version_info *out);

/* The warnings recorded with a version, as a malloc'd JSON array string (free()). */
LK_EXTERN(int) lk_store_version_warnings(lk_store *s, int64_t id, char **out);

/*
 * The canonical JSON of the entity with this Lookout id in the active version of its source
 * (malloc'd, free()), and which version it comes from (version may be NULL).
 * LK_ENOTFOUND if no active version has it.
 */
LK_EXTERN(int) lk_store_entity_json(lk_store *s, const char *id, char **out,
                                    lk_version_info *version);

/* Callback for entity iteration: return non-zero to stop (that value is returned). */
typedef int (*lk_store_entity_fn)(void *ctx, const char *id, const char *json, size_t len);

/* Call fn for each entity of a version, in id order. */
LK_EXTERN(int) lk_store_foreach_entity(lk_store *s, int64_t version_id, lk_store_entity_fn fn,
                                       void *ctx);

/* Call fn for each entity of every source's active version. */
LK_EXTERN(int) lk_store_foreach_active(lk_store *s, lk_store_entity_fn fn, void *ctx);

/* ---- transactions ---- */

/*
 * Group several writes (an action and its audit record, lk_audit_append() in audit.h) into
 * one atomic transaction. lk_store_begin() takes the write lock at once (BEGIN IMMEDIATE; a
 * second writer waits up to the busy timeout, then LK_EBUSY); LK_EUSAGE if a transaction is
 * already open on the handle. Library writers called inside (lk_store_import(),
 * lk_audit_append(), the monitor's writers) join it instead of opening their own, and a
 * failure inside them undoes only their own part. lk_store_commit() makes everything durable;
 * lk_store_rollback() discards it (a no-op without an open transaction).
 */
LK_EXTERN(int) lk_store_begin(lk_store *s);
LK_EXTERN(int) lk_store_commit(lk_store *s);
LK_EXTERN(void) lk_store_rollback(lk_store *s);

/* Whether a transaction is open on the handle. */
LK_EXTERN(bool) lk_store_in_transaction(lk_store *s);

/* ---- diffs ---- */

typedef struct lk_diff_change {
	char *id;
	char **props;   /* names of the properties whose values differ (FtM names), sorted */
	size_t nprops;
} lk_diff_change;

typedef struct lk_diff {
	char source[64];
	int64_t from_version;
	int64_t to_version;
	char **added;    /* ids, sorted */
	size_t nadded;
	char **removed;  /* ids, sorted */
	size_t nremoved;
	lk_diff_change *changed; /* sorted by id */
	size_t nchanged;
	size_t unchanged;        /* entities present in both with identical content */
} lk_diff;

/*
 * Diff two versions of a source. from and to are version ids; if both are 0 the two latest
 * versions (by import order) are compared. LK_ENOTFOUND if a version is missing or the source
 * has fewer than two versions. Release with lk_diff_free().
 */
LK_EXTERN(int) lk_store_diff(lk_diff **out, lk_store *s, const char *source, int64_t from,
                             int64_t to);
LK_EXTERN(void) lk_diff_free(lk_diff *d);

/*
 * Names of the properties whose values differ between two entity JSON documents (as written
 * by lk_entity_to_json; only "properties" and "schema" are compared; a schema change is
 * reported as "schema"). *out is a malloc'd array of malloc'd strings, sorted; free each and
 * the array. *n may be 0.
 */
LK_EXTERN(int) lk_entity_json_diff(const char *a, const char *b, char ***out, size_t *n);

#endif

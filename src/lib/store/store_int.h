/*
 * store_int.h - internals shared by the SQLite store's files (not part of the public API).
 *
 * store_sqlite.c owns the connection, the schema and a cache of prepared statements that the
 * hot paths (import, lookups) reuse; versions.c, entities.c and diff.c run their SQL through
 * it. lk_store__fail_after() is a fault-injection hook for the tests: it makes the next
 * import fail at a chosen step so that the tests can check that nothing of it remains.
 */
#ifndef LK_STORE_STORE_INT_H
#define LK_STORE_STORE_INT_H

#include <sqlite3.h>
#include "lookout/store.h"

/* How long a writer waits for another one's lock before LK_EBUSY (sqlite3_busy_timeout). */
#define LK_STORE__BUSY_TIMEOUT_MS 10000

/* Statements cached on the handle: prepared once, reset and reused. */
typedef enum lk_stmt_id {
	LK_STMT_ACTIVE_OF_SOURCE,   /* (source) -> active version id, its hash */
	LK_STMT_VERSION_BY_HASH,    /* (source, hash) -> version id */
	LK_STMT_INSERT_SOURCE,      /* (source) */
	LK_STMT_INSERT_VERSION,     /* (source, hash, format, imported_at, published, ...) */
	LK_STMT_INSERT_BLOB,        /* (hash, json) */
	LK_STMT_INSERT_VENTITY,     /* (version_id, entity_id, blob_hash, schema, caption) */
	LK_STMT_SET_ACTIVE,         /* (version_id, source) */
	LK_STMT_LOG_IMPORT,         /* (at, source, version_id, action) */
	LK_STMT_ENTITY_ACTIVE,      /* (entity_id) -> json, version id */
	LK_STMT_AUDIT_LAST,         /* () -> seq, hash of the last audit record */
	LK_STMT_AUDIT_INSERT,       /* (seq, at, action, actor, subject, detail, prev_hash, hash) */
	LK_STMT__COUNT
} lk_stmt_id;

struct lk_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmts[LK_STMT__COUNT];
};

/*
 * The cached statement id, reset and with its bindings cleared, in *out. Returns 0 or an
 * error recorded with lk_store__sqlerr().
 */
int lk_store__stmt(lk_store *s, lk_stmt_id id, sqlite3_stmt **out);

/*
 * Record the SQLite failure rc of the operation `what` and return the matching lk code:
 * LK_EBUSY (locked), LK_ENOMEM, LK_EIO (I/O, disk full, cannot open), LK_ESTORE otherwise.
 */
int lk_store__sqlerr(lk_store *s, int rc, const char *what);

/* Run SQL without results (BEGIN, COMMIT, ROLLBACK, DDL). Returns 0 or an error. */
int lk_store__exec(lk_store *s, const char *sql);

/* The columns lk_store__read_version() expects, in order, for "FROM versions v". */
#define LK_STORE__VERSION_COLS                                                          \
	"v.id, v.source, v.format, v.hash, v.imported_at, v.published, v.entities, "        \
	"v.names, v.by_schema, json_array_length(v.warnings), "                             \
	"(SELECT s.active_version = v.id FROM sources s WHERE s.name = v.source), "         \
	"(v.format <> 'ftm_json' OR EXISTS (SELECT 1 FROM json_each(v.topics)"              \
	" WHERE key = 'sanction' OR key LIKE 'sanction.%')), v.topics"

/* SQL for an entity's full canonical JSON from its version_entities row (alias ve) and its
 * blob (alias b): the blob with the provenance object put back before its final '}'.
 * (substr and length count characters; both sides agree, and the last one is '}'.) */
#define LK_STORE__ENTITY_JSON(ve, b)                                                    \
	"CASE WHEN " ve ".provenance IS NULL THEN " b ".json ELSE substr(" b ".json, 1, "     \
	"length(" b ".json) - 1) || ',\"provenance\":' || " ve ".provenance || '}' END"

/* Fill *out from the current row of st, whose columns start at col (LK_STORE__VERSION_COLS). */
void lk_store__read_version(sqlite3_stmt *st, int col, lk_version_info *out);

/*
 * Open the transaction of one library write. With no transaction open on the handle, this
 * is BEGIN IMMEDIATE and *own is set; inside the caller's transaction (lk_store_begin()) it
 * is SAVEPOINT name, so that a failure can undo this write alone. Close it with
 * lk_store__tx_close(), passing the write's result: on success it commits (or releases the
 * savepoint), on failure it rolls back (to the savepoint). Returns ret, or the commit's error.
 */
int lk_store__tx_open(lk_store *s, const char *name, bool *own);
int lk_store__tx_close(lk_store *s, const char *name, bool own, int ret);

/*
 * A read transaction (BEGIN DEFERRED): every read until lk_store__read_end() sees one
 * snapshot of the database, so that the index and the list versions it is labelled with
 * agree. Inside a transaction the caller already holds, both are no-ops (*own false).
 */
int lk_store__read_begin(lk_store *s, bool *own);
void lk_store__read_end(lk_store *s, bool own);

/*
 * The index snapshot (table index_snapshot, snapshot.c): if the stored one has exactly this
 * key, call fn with its bytes (valid during the call only) and return fn's result; else
 * LK_ENOTFOUND without calling fn.
 */
int lk_store__snapshot_read(lk_store *s, const char *key,
                            int (*fn)(void *ctx, const void *data, size_t len), void *ctx);

/*
 * lk_store__tx_open() that waits at most 200 ms for another writer's lock (LK_EBUSY then),
 * for writes that are only worth doing if they cost nothing, such as the index snapshot (an
 * import holds the lock for seconds).
 */
int lk_store__tx_open_quick(lk_store *s, const char *name, bool *own);

/* Replace the stored index snapshot with this one (lk_store__tx_open_quick(), or a
 * savepoint inside the caller's transaction). */
int lk_store__snapshot_write(lk_store *s, const char *key, const void *data, size_t len);

/* Remove the stored index snapshot, if any. */
int lk_store__snapshot_clear(lk_store *s);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" in buf (at least 21 bytes). */
void lk_store__now(char *buf, size_t size);

/*
 * Fault injection for tests: the next imports fail with LK_ESTORE ("injected fault") at step
 * n + 1, where the steps are: each entity stored (1..count), then making the version active,
 * then logging the import, then the commit. n < 0 disables the hook (the default). The hook
 * disarms itself when it fires. Process-global; not thread-safe (tests only). The environment
 * variable LOOKOUT_FAULT_STORE_AFTER=n arms it at lk_store_open() in builds without NDEBUG.
 */
void lk_store__fail_after(long n);

/* Count one step; returns LK_ESTORE with a message if the armed hook fires now. */
int lk_store__fault_step(void);

#endif

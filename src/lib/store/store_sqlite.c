/*
 * store_sqlite.c - the SQLite store's connection: opening, pragmas, schema and migrations,
 * the prepared-statement cache, error mapping and the fault-injection hook for tests.
 *
 * The rest of the store (versions.c, entities.c, diff.c) works through the handle set up here.
 *
 * Pragmas, and why:
 *   journal_mode=WAL   readers never block the importer and the importer never blocks them;
 *                      a commit is one append to the -wal file.
 *   synchronous=FULL   the WAL is fsync'd at every commit, so a committed version survives
 *                      kill -9 and power loss (NORMAL would only survive kill -9). Imports are
 *                      rare and one transaction each, so the cost is one fsync per import.
 *   foreign_keys=ON    the references below are enforced, so a bug cannot leave an entity row
 *                      pointing at a missing blob or version.
 *   busy_timeout=10000 a second process importing at the same time waits for the first
 *                      instead of failing at once; after 10 s it fails with LK_EBUSY.
 *
 * Schema, version 1 (PRAGMA user_version; migrations[] below upgrades step by step):
 *
 *   sources(name TEXT PRIMARY KEY, active_version INTEGER REFERENCES versions(id))
 *       One row per list source ("ofac_sdn", "uk_hmt", ...). active_version is NULL only
 *       inside the transaction that creates the source.
 *   versions(id INTEGER PRIMARY KEY, source, hash, format, imported_at, published, entities,
 *            names, by_schema, warnings, files, topics, UNIQUE(source, hash))
 *       One row per distinct input of a source. hash is the content hash of the input files
 *       (lk_list.hash), so importing the same files again finds the row instead of adding
 *       one. by_schema is a JSON object {"Person": 6854, ...}, topics one of how many
 *       entities carry each FtM topic {"sanction": 12, ...}; warnings and files are JSON
 *       arrays of strings. imported_at is the first import (UTC ISO 8601). Versions are never
 *       modified or deleted once committed, which is what lets a diff read them without a
 *       transaction.
 *   blobs(hash TEXT PRIMARY KEY, json TEXT)
 *       An entity's content: its canonical JSON (lk_entity_to_json) without "provenance",
 *       keyed by its SHA-256 (hex). Versions that share an entity share its blob, so a new
 *       version of a 15k-entity list whose entities mostly did not change adds only the
 *       blobs that did, and "changed" in a diff starts from a hash comparison. Provenance is
 *       kept out of the blob because it holds line numbers that shift in every release.
 *   version_entities(version_id REFERENCES versions(id), entity_id, blob_hash REFERENCES
 *                    blobs(hash), schema, caption, provenance,
 *                    PRIMARY KEY(version_id, entity_id))
 *       provenance is the entity's "provenance" object in this version (NULL if it has
 *       none); LK_STORE__ENTITY_JSON puts it back so that readers get the exact bytes of
 *       lk_entity_to_json(). WITHOUT ROWID: the rows are found through their key, so the
 *       table is its own index, ordered by (version, id) - which is the iteration order and
 *       the join order of a diff.
 *   imports(id INTEGER PRIMARY KEY, at, source, version_id, action 'new'|'reactivated')
 *       The log of every import that changed the active version, in order. "The two latest
 *       versions" of a source for a diff are the two distinct versions most recently made
 *       active, read from here. An import identical to the active version writes nothing,
 *       not even a log row (the header promises that a no-op writes nothing).
 *
 * Version 2 adds audit(seq, at, action, actor, subject, detail, prev_hash, hash), the
 * hash-chained audit trail described in audit.h. Version 4 adds the monitoring tables
 * (customers, monitor_sources, monitor_runs, alerts, decisions; see schema_v4_monitor and
 * monitor.h). Version 5 adds index_snapshot (see schema_v5_index_snapshot and snapshot.c),
 * version 6 customer_keys (schema_v6_customer_keys), version 7 versions.topics
 * (schema_v7_topics).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lookout/error.h"
#include "store/store_int.h"


static const char schema_v1[] =
	"CREATE TABLE sources ("
	"  name TEXT PRIMARY KEY NOT NULL,"
	"  active_version INTEGER REFERENCES versions(id));"
	"CREATE TABLE versions ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL REFERENCES sources(name),"
	"  hash TEXT NOT NULL,"
	"  format TEXT NOT NULL,"
	"  imported_at TEXT NOT NULL,"
	"  published TEXT NOT NULL DEFAULT '',"
	"  entities INTEGER NOT NULL,"
	"  names INTEGER NOT NULL,"
	"  by_schema TEXT NOT NULL DEFAULT '{}',"
	"  warnings TEXT NOT NULL DEFAULT '[]',"
	"  files TEXT NOT NULL DEFAULT '[]',"
	"  UNIQUE (source, hash));"
	"CREATE TABLE blobs ("
	"  hash TEXT PRIMARY KEY NOT NULL,"
	"  json TEXT NOT NULL);"
	"CREATE TABLE version_entities ("
	"  version_id INTEGER NOT NULL REFERENCES versions(id),"
	"  entity_id TEXT NOT NULL,"
	"  blob_hash TEXT NOT NULL REFERENCES blobs(hash),"
	"  schema TEXT NOT NULL,"
	"  caption TEXT,"
	"  provenance TEXT,"
	"  PRIMARY KEY (version_id, entity_id)) WITHOUT ROWID;"
	"CREATE TABLE imports ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  source TEXT NOT NULL REFERENCES sources(name),"
	"  version_id INTEGER NOT NULL REFERENCES versions(id),"
	"  action TEXT NOT NULL CHECK (action IN ('new', 'reactivated')));"
	"CREATE INDEX imports_by_source ON imports(source, id);";

/* Version 2: the audit trail (audit.h, audit.c). Append-only: triggers refuse UPDATE and
 * DELETE, so that only someone who drops them can rewrite history (and lk_audit_verify()
 * then finds the break). */
static const char schema_v2[] =
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL);"
	"CREATE INDEX audit_by_time ON audit(at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;";

/* Version 3: API keys of the HTTP server (keys.c). The token's secret is never stored, only
 * the salt and SHA-256(salt || secret); revoked keys stay so that audit records name them. */
static const char schema_v3_keys[] =
	"CREATE TABLE api_keys ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),"
	"  salt TEXT NOT NULL,"
	"  digest TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  revoked_at TEXT);";

/* Version 4: monitoring (monitor.h, src/lib/monitor/): customers (never deleted: removed is a
 * flag), the list version of each source the last monitoring run saw, the runs, alerts (one
 * per customer and entity) and decisions (immutable: triggers refuse UPDATE and DELETE). */
static const char schema_v4_monitor[] =
	"CREATE TABLE customers ("
	"  id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  schema TEXT NOT NULL,"
	"  dob TEXT NOT NULL DEFAULT '',"
	"  country TEXT NOT NULL DEFAULT '',"
	"  ident TEXT NOT NULL DEFAULT '',"
	"  aliases TEXT NOT NULL DEFAULT '[]',"
	"  hash TEXT NOT NULL,"
	"  screened_hash TEXT,"
	"  removed INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL);"
	"CREATE TABLE monitor_sources ("
	"  source TEXT PRIMARY KEY NOT NULL,"
	"  version_id INTEGER NOT NULL REFERENCES versions(id));"
	"CREATE TABLE monitor_runs ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  screened INTEGER NOT NULL,"
	"  forward INTEGER NOT NULL,"
	"  delta_entities INTEGER NOT NULL,"
	"  alerts_new INTEGER NOT NULL,"
	"  alerts_closed INTEGER NOT NULL,"
	"  duration_s REAL NOT NULL,"
	"  versions TEXT NOT NULL DEFAULT '{}');"
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  entity_id TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  caption TEXT NOT NULL DEFAULT '',"
	"  score REAL NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'true-match',"
	"    'false-positive', 'closed')),"
	"  customer_hash TEXT NOT NULL,"
	"  entity_hash TEXT NOT NULL,"
	"  explanation TEXT NOT NULL DEFAULT '{}',"
	"  closed_reason TEXT NOT NULL DEFAULT '',"
	"  run_id INTEGER REFERENCES monitor_runs(id),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  UNIQUE (customer_id, entity_id));"
	"CREATE INDEX alerts_by_entity ON alerts(entity_id);"
	"CREATE INDEX alerts_by_status ON alerts(status, id);"
	"CREATE TABLE decisions ("
	"  id INTEGER PRIMARY KEY,"
	"  alert_id INTEGER NOT NULL REFERENCES alerts(id),"
	"  decision TEXT NOT NULL CHECK (decision IN ('true-match', 'false-positive', 'escalate')),"
	"  reason TEXT NOT NULL,"
	"  reviewer TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  supersedes INTEGER REFERENCES decisions(id),"
	"  customer_hash TEXT NOT NULL,"
	"  entity_hash TEXT NOT NULL);"
	"CREATE INDEX decisions_by_alert ON decisions(alert_id, id);"
	"CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions"
	"  BEGIN SELECT RAISE(ABORT, 'decisions are immutable'); END;"
	"CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions"
	"  BEGIN SELECT RAISE(ABORT, 'decisions are immutable'); END;";

/*
 * Version 5: the persisted screening index (src/lib/match/snapshot.c): at most one row, the index of the
 * active versions named by key, so that a process whose key matches loads it instead of
 * analysing every name again. It is derived data: dropping the row only costs a rebuild.
 * IF NOT EXISTS so that this migration may run before or after others that are merged at the
 * same time.
 */
static const char schema_v5_index_snapshot[] =
	"CREATE TABLE IF NOT EXISTS index_snapshot ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  key TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  data BLOB NOT NULL);";

/* Version 6: the monitor's persisted retrieval keys of its customers (src/lib/monitor/run.c,
 * src/lib/match/keys.h): one blob per screened customer, the keys a list index would post
 * for its names, written in the run's transaction together with screened_hash and dropped
 * when the customer changes or is removed. A delta run ranks customers by these keys
 * instead of indexing every customer again. customers_to_screen indexes the customers a
 * run screens forward, so that a run need not read the whole table. Customers screened
 * before this version have no keys and are marked unscreened (the next run screens them
 * again and stores their keys). IF NOT EXISTS: the migration may be renumbered when merged
 * with others. */
static const char schema_v6_customer_keys[] =
	"CREATE TABLE IF NOT EXISTS customer_keys ("
	"  customer_id INTEGER PRIMARY KEY REFERENCES customers(id),"
	"  keys BLOB NOT NULL);"
	"CREATE INDEX IF NOT EXISTS customers_to_screen ON customers(id)"
	"  WHERE removed = 0 AND screened_hash IS NOT hash;"
	/* customers screened before have no keys: the next run screens them again */
	"UPDATE customers SET screened_hash = NULL WHERE screened_hash IS NOT NULL AND"
	"  id NOT IN (SELECT customer_id FROM customer_keys);";

/* Version 7: versions.topics, a JSON object {"sanction": 12, "debarment": 9, ...}: how many
 * of the version's entities carry each FtM topic (lk_store_import counts them). It decides
 * which sources are sanctions lists (lk_version_info.sanctions, the "sanctions" dataset).
 * Versions stored before are counted here from their stored entities; only FollowTheMoney
 * entities carry topics. */
static const char schema_v7_topics[] =
	"ALTER TABLE versions ADD COLUMN topics TEXT NOT NULL DEFAULT '{}';"
	"UPDATE versions SET topics = coalesce((SELECT json_group_object(topic, n) FROM"
	"  (SELECT t.value AS topic, count(DISTINCT ve.entity_id) AS n"
	"   FROM version_entities ve JOIN blobs b ON b.hash = ve.blob_hash,"
	"        json_each(b.json, '$.properties.topics') t"
	"   WHERE ve.version_id = versions.id GROUP BY t.value ORDER BY t.value)), '{}')"
	"  WHERE format = 'ftm_json';";

/* migrations[i] takes the schema from user_version i to i + 1. Append only. */
static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3_keys,
	schema_v4_monitor,
	schema_v5_index_snapshot,
	schema_v6_customer_keys,
	schema_v7_topics,
};

/* The cached statements, indexed by lk_stmt_id. */
static const char *const stmt_sql[LK_STMT__COUNT] = {
	[LK_STMT_ACTIVE_OF_SOURCE] =
		"SELECT v.id, v.hash FROM sources s JOIN versions v ON v.id = s.active_version"
		" WHERE s.name = ?1",
	[LK_STMT_VERSION_BY_HASH] = "SELECT id FROM versions WHERE source = ?1 AND hash = ?2",
	[LK_STMT_INSERT_SOURCE] = "INSERT OR IGNORE INTO sources(name) VALUES (?1)",
	[LK_STMT_INSERT_VERSION] =
		"INSERT INTO versions(source, hash, format, imported_at, published, entities, names,"
		" by_schema, warnings, files, topics)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[LK_STMT_INSERT_BLOB] = "INSERT OR IGNORE INTO blobs(hash, json) VALUES (?1, ?2)",
	[LK_STMT_INSERT_VENTITY] =
		"INSERT INTO version_entities(version_id, entity_id, blob_hash, schema, caption,"
		" provenance) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[LK_STMT_SET_ACTIVE] = "UPDATE sources SET active_version = ?1 WHERE name = ?2",
	[LK_STMT_LOG_IMPORT] =
		"INSERT INTO imports(at, source, version_id, action) VALUES (?1, ?2, ?3, ?4)",
	[LK_STMT_ENTITY_ACTIVE] =
		"SELECT " LK_STORE__ENTITY_JSON("ve", "b") ", s.active_version FROM sources s"
		" JOIN version_entities ve ON ve.version_id = s.active_version AND ve.entity_id = ?1"
		" JOIN blobs b ON b.hash = ve.blob_hash ORDER BY s.name LIMIT 1",
	[LK_STMT_AUDIT_LAST] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
	[LK_STMT_AUDIT_INSERT] =
		"INSERT INTO audit(seq, at, action, actor, subject, detail, prev_hash, hash)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

/* ---- fault injection (tests) ---- */

static long fault_left = -1;

void lk_store__fail_after(long n)
{
	fault_left = n < 0 ? -1 : n;
}

int lk_store__fault_step(void)
{
	if (fault_left < 0)
		return 0;
	if (fault_left == 0) {
		fault_left = -1;
		return lk_error_set(LK_ESTORE, "store: injected fault (test hook)");
	}
	fault_left--;
	return 0;
}

/* ---- helpers shared by the store's files ---- */

int lk_store__sqlerr(lk_store *s, int rc, const char *what)
{
	int code;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = LK_EBUSY;
		break;
	case SQLITE_NOMEM:
		code = LK_ENOMEM;
		break;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		code = LK_EIO;
		break;
	default:
		code = LK_ESTORE;
		break;
	}
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	return lk_error_set(code, "store: %s: %s: %s", s && s->path ? s->path : "?", what, msg);
}

int lk_store__exec(lk_store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, sql);
	return 0;
}

int lk_store__stmt(lk_store *s, lk_stmt_id id, sqlite3_stmt **out)
{
	assert(id < LK_STMT__COUNT);
	sqlite3_stmt *st = s->stmts[id];
	if (!st) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
		                            NULL);
		if (rc != SQLITE_OK)
			return lk_store__sqlerr(s, rc, "prepare");
		s->stmts[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	*out = st;
	return 0;
}

void lk_store__now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

/* ---- opening ---- */

static int pragma_int(lk_store *s, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	int ret = rc == SQLITE_OK ? 0 : lk_store__sqlerr(s, rc, sql);
	sqlite3_finalize(st);
	return ret;
}

static int set_wal(lk_store *s)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = lk_store__sqlerr(s, rc, "PRAGMA journal_mode=WAL");
		goto done;
	}
	const char *mode = (const char *)sqlite3_column_text(st, 0);
	/* An in-memory database reports "memory"; anything else means the file system could
	 * not give us WAL (no shared memory), and the store's guarantees would not hold. */
	if (!mode || (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0))
		ret = lk_error_set(LK_ESTORE, "store: %s: cannot use WAL mode (journal mode is %s)",
		                   s->path, mode ? mode : "?");
done:
	sqlite3_finalize(st);
	return ret;
}

static int migrate(lk_store *s)
{
	int64_t uv = 0;
	int ret = pragma_int(s, "PRAGMA user_version", &uv);
	if (ret < 0)
		return ret;
	const int64_t latest = (int64_t)LK_ARRAY_SIZE(migrations);
	if (uv > latest)
		return lk_error_set(LK_ESTORE,
		                    "store: %s: schema version %lld is newer than this Lookout's (%lld)",
		                    s->path, (long long)uv, (long long)latest);
	while (uv < latest) {
		/* Another process may be migrating the same file: take the write lock first, then
		 * look at the version again. */
		if ((ret = lk_store__exec(s, "BEGIN IMMEDIATE")) < 0)
			return ret;
		if ((ret = pragma_int(s, "PRAGMA user_version", &uv)) < 0)
			goto fail;
		if (uv >= latest)
			break;
		if ((ret = lk_store__exec(s, migrations[uv])) < 0)
			goto fail;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", (long long)(uv + 1));
		if ((ret = lk_store__exec(s, sql)) < 0)
			goto fail;
		if ((ret = lk_store__exec(s, "COMMIT")) < 0)
			goto fail;
		uv++;
	}
	if (sqlite3_get_autocommit(s->db) == 0)
		return lk_store__exec(s, "COMMIT");
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	lk_error_prefix("store: migrating the schema to version %lld", (long long)(uv + 1));
	return ret;
}

static void arm_fault_from_env(void)
{
#ifndef NDEBUG
	const char *v = getenv("LOOKOUT_FAULT_STORE_AFTER");
	if (v && *v) {
		char *end = NULL;
		long n = strtol(v, &end, 10);
		if (end && *end == '\0')
			lk_store__fail_after(n);
	}
#endif
}

int lk_store_open(lk_store **out, const char *path)
{
	assert(out);
	*out = NULL;
	int ret = 0;
	if (!path || !*path) {
		path = getenv("LOOKOUT_DB");
		if (!path || !*path)
			path = "./lookout.db";
	}
	lk_store *s = calloc(1, sizeof *s);
	if (!s)
		return lk_error_set(LK_ENOMEM, "store: out of memory");
	s->path = strdup(path);
	if (!s->path) {
		ret = lk_error_set(LK_ENOMEM, "store: out of memory");
		goto done;
	}
	int rc = sqlite3_open_v2(path, &s->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "cannot open the database");
		goto done;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, LK_STORE__BUSY_TIMEOUT_MS);
	/* The first statement reads the file: a file that is not a database fails here. */
	if ((ret = set_wal(s)) < 0)
		goto done;
	if ((ret = lk_store__exec(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	                             " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384")) < 0)
		goto done;
	if ((ret = migrate(s)) < 0)
		goto done;
	arm_fault_from_env();
done:
	if (ret < 0) {
		lk_store_close(s);
		return ret;
	}
	*out = s;
	return 0;
}

void lk_store_close(lk_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < LK_STMT__COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	/* close_v2 so that a statement left unfinalized by a bug cannot keep the file open
	 * forever; there should be none. */
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *lk_store_path(const lk_store *s)
{
	assert(s);
	return s->path;
}

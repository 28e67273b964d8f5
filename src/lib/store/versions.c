/*
 * versions.c - list versions: importing a parsed list as a new (or reactivated) version of
 * its source, and listing versions.
 *
 * An import is one write transaction (BEGIN IMMEDIATE, so a second importer waits for the
 * write lock instead of failing half-way). Inside it: if the list's content hash is the
 * active version's, nothing is written (the transaction is rolled back, having written
 * nothing); if it is an older version's, that version is made active again and the import is
 * logged; otherwise a version row is added and every entity is serialised with
 * lk_entity_to_json(), its content (all but provenance) hashed and stored once in blobs
 * (INSERT OR IGNORE: versions share unchanged entities) and referenced from version_entities
 * with its provenance, and a "list.import" record is appended to the audit trail (audit.h).
 * Called inside the caller's transaction (lk_store_begin()), the import joins it through a
 * savepoint instead. Any failure - a duplicate entity
 * id, a full disk, an injected fault - rolls the whole transaction back, so the active
 * version is the one that was active before.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lookout/audit.h"
#include "lookout/error.h"
#include "lookout/hash.h"
#include "lookout/utf8.h"
#include "store/store_int.h"

/* Caps on what one import may serialise (the list is already in memory, so these only
 * guard against a runaway entity). */
#define MAX_ENTITY_JSON (64u << 20)
#define MAX_META_JSON (256u << 20)

/* lk_version_info.source holds 63 bytes and a NUL: longer names are refused, not cut. */
#define SOURCE_SIZE sizeof(((lk_version_info *)0)->source)

/* ---- JSON for the version's metadata columns ---- */

/* Append s as a JSON string; invalid UTF-8 becomes U+FFFD so the column stays valid JSON. */
static int put_json_string(lk_buf *b, const char *s)
{
	int ret = lk_buf_putc(b, '"');
	size_t len = strlen(s);
	for (size_t i = 0; i < len && ret == 0;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			uint32_t cp;
			i += lk_utf8_decode(s + i, len - i, &cp);
			ret = lk_utf8_append(b, cp);
			continue;
		}
		i++;
		if (c == '"' || c == '\\')
			ret = lk_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			ret = lk_buf_puts(b, "\\n");
		else if (c == '\t')
			ret = lk_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			ret = lk_buf_printf(b, "\\u%04x", c);
		else
			ret = lk_buf_putc(b, (char)c);
	}
	if (ret == 0)
		ret = lk_buf_putc(b, '"');
	return ret;
}

static int put_json_strings(lk_buf *b, char *const *v, size_t n)
{
	int ret = lk_buf_putc(b, '[');
	for (size_t i = 0; i < n && ret == 0; i++) {
		if (i > 0)
			ret = lk_buf_putc(b, ',');
		if (ret == 0)
			ret = put_json_string(b, v[i] ? v[i] : "");
	}
	if (ret == 0)
		ret = lk_buf_putc(b, ']');
	return ret;
}

static int put_by_schema(lk_buf *b, const size_t counts[LK_SCHEMA__COUNT])
{
	int ret = lk_buf_putc(b, '{');
	bool first = true;
	for (int i = 0; i < LK_SCHEMA__COUNT && ret == 0; i++) {
		if (counts[i] == 0)
			continue;
		ret = lk_buf_printf(b, "%s\"%s\":%zu", first ? "" : ",", lk_schema_name((lk_schema)i),
		                    counts[i]);
		first = false;
	}
	if (ret == 0)
		ret = lk_buf_putc(b, '}');
	return ret;
}

/* {"topic": entities, ...}: how many entities carry each value of their "topics" property
 * (keys sorted). *out is malloc'd. */
static int put_topics(const lk_list *list, char **out)
{
	json_t *counts = json_object();
	int ret = counts ? 0 : LK_ENOMEM;
	for (size_t i = 0; i < list->count && ret == 0; i++) {
		const lk_entity *e = list->entities[i];
		for (size_t j = 0; j < e->nvalues && ret == 0; j++) {
			const lk_value *v = &e->values[j];
			bool again = false;
			if (v->prop != LK_PROP_TOPICS)
				continue;
			for (size_t k = 0; k < j && !again; k++)
				again = e->values[k].prop == LK_PROP_TOPICS &&
				        strcmp(e->values[k].value, v->value) == 0;
			if (again)
				continue;
			json_t *c = json_object_get(counts, v->value);
			json_int_t n = c ? json_integer_value(c) + 1 : 1;
			if (json_object_set_new(counts, v->value, json_integer(n)) != 0)
				ret = LK_ENOMEM;
		}
	}
	*out = ret == 0 ? json_dumps(counts, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(counts);
	if (!*out)
		return lk_error_set(LK_ENOMEM, "store: %s list: out of memory counting its topics",
		                    list->source);
	return 0;
}

/* ---- reading versions ---- */

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", t ? t : "");
}

void lk_store__read_version(sqlite3_stmt *st, int col, lk_version_info *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, col);
	copy_col(out->source, sizeof out->source, st, col + 1);
	copy_col(out->format, sizeof out->format, st, col + 2);
	copy_col(out->hash, sizeof out->hash, st, col + 3);
	copy_col(out->imported_at, sizeof out->imported_at, st, col + 4);
	copy_col(out->published, sizeof out->published, st, col + 5);
	out->entities = (size_t)sqlite3_column_int64(st, col + 6);
	out->names = (size_t)sqlite3_column_int64(st, col + 7);
	const char *bs = (const char *)sqlite3_column_text(st, col + 8);
	json_t *obj = bs ? json_loads(bs, 0, NULL) : NULL;
	if (json_is_object(obj)) {
		for (int i = 0; i < LK_SCHEMA__COUNT; i++) {
			json_t *v = json_object_get(obj, lk_schema_name((lk_schema)i));
			if (json_is_integer(v) && json_integer_value(v) > 0)
				out->by_schema[i] = (size_t)json_integer_value(v);
		}
	}
	json_decref(obj);
	out->nwarnings = (size_t)sqlite3_column_int64(st, col + 9);
	out->active = sqlite3_column_int(st, col + 10) != 0;
	out->sanctions = sqlite3_column_int(st, col + 11) != 0;
}

/* Run a query whose rows are LK_STORE__VERSION_COLS into a malloc'd array. */
static int collect_versions(lk_store *s, sqlite3_stmt *st, lk_version_info **out, size_t *n)
{
	lk_version_info *v = NULL;
	size_t len = 0, cap = 0;
	int ret = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			lk_version_info *nv = realloc(v, ncap * sizeof *nv);
			if (!nv) {
				ret = lk_error_set(LK_ENOMEM, "store: out of memory listing versions");
				goto done;
			}
			v = nv;
			cap = ncap;
		}
		lk_store__read_version(st, 0, &v[len++]);
	}
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "listing versions");
done:
	if (ret < 0) {
		free(v);
		v = NULL;
		len = 0;
	}
	*out = v;
	*n = len;
	return ret;
}

static int list_query(lk_store *s, const char *sql, const char *bind, lk_version_info **out,
                      size_t *n)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "listing versions");
	if (bind)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
	int ret = collect_versions(s, st, out, n);
	sqlite3_finalize(st);
	return ret;
}

bool lk_version_in_dataset(const lk_version_info *v, const char *dataset)
{
	if (strcmp(dataset, "default") == 0)
		return true;
	if (strcmp(dataset, "sanctions") == 0)
		return v->sanctions;
	return strcmp(v->source, dataset) == 0;
}

int lk_store_active_versions(lk_store *s, lk_version_info **out, size_t *n)
{
	assert(s && out && n);
	return list_query(s,
	                  "SELECT " LK_STORE__VERSION_COLS " FROM sources s0"
	                  " JOIN versions v ON v.id = s0.active_version ORDER BY s0.name",
	                  NULL, out, n);
}

int lk_store_versions(lk_store *s, const char *source, lk_version_info **out, size_t *n)
{
	assert(s && source && out && n);
	int ret = list_query(s,
	                     "SELECT " LK_STORE__VERSION_COLS " FROM versions v WHERE v.source = ?1"
	                     " ORDER BY v.id DESC",
	                     source, out, n);
	if (ret == 0 && *n == 0)
		ret = lk_error_set(LK_ENOTFOUND, "store: no versions of source '%s'", source);
	return ret;
}

int lk_store_version(lk_store *s, int64_t id, lk_version_info *out)
{
	assert(s && out);
	sqlite3_stmt *st = NULL;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " LK_STORE__VERSION_COLS " FROM versions v WHERE v.id = ?1",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "reading a version");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		lk_store__read_version(st, 0, out);
	else if (rc == SQLITE_DONE)
		ret = lk_error_set(LK_ENOTFOUND, "store: no version %lld", (long long)id);
	else
		ret = lk_store__sqlerr(s, rc, "reading a version");
done:
	sqlite3_finalize(st);
	return ret;
}

int lk_store_version_warnings(lk_store *s, int64_t id, char **out)
{
	assert(s && out);
	*out = NULL;
	sqlite3_stmt *st = NULL;
	int ret = 0;
	int rc = sqlite3_prepare_v2(s->db, "SELECT warnings FROM versions WHERE id = ?1", -1, &st,
	                            NULL);
	if (rc != SQLITE_OK) {
		ret = lk_store__sqlerr(s, rc, "reading warnings");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = lk_error_set(LK_ENOTFOUND, "store: no version %lld", (long long)id);
		goto done;
	}
	if (rc != SQLITE_ROW) {
		ret = lk_store__sqlerr(s, rc, "reading warnings");
		goto done;
	}
	const char *w = (const char *)sqlite3_column_text(st, 0);
	*out = strdup(w ? w : "[]");
	if (!*out)
		ret = lk_error_set(LK_ENOMEM, "store: out of memory reading warnings");
done:
	sqlite3_finalize(st);
	return ret;
}

/* ---- importing ---- */

/* Step a statement that returns no rows. */
static int step_done(lk_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	int ret = rc == SQLITE_DONE ? 0 : lk_store__sqlerr(s, rc, what);
	sqlite3_reset(st);
	return ret;
}

/* Scratch memory reused across the entities of one import. */
typedef struct import_buf {
	lk_buf full;       /* lk_entity_to_json() of the entity */
	lk_buf content;    /* the same without provenance */
	lk_value *values;  /* the entity's values with their origins cleared */
	size_t cap;
} import_buf;

#define PROV_KEY ",\"provenance\":"

/*
 * Split the entity's canonical JSON into its content (everything but "provenance") and its
 * provenance object. The content is what is hashed and shared between versions: provenance
 * carries line numbers ("alt.csv:1234"), which shift in every release of a list, so hashing
 * it would make nearly every entity of a new OFAC version a new blob and every entity a
 * "changed" candidate. lk_entity_to_json() writes provenance last and omits it when no value
 * has an origin, so the full JSON is the content with PROV_KEY and the object inserted before
 * the final '}'; that is checked byte for byte, and if it ever did not hold the full JSON is
 * stored as the blob with no separate provenance (correct, only less shared).
 */
static int split_json(const lk_entity *e, import_buf *ib, const char **prov, size_t *prov_len)
{
	int ret;
	*prov = NULL;
	*prov_len = 0;
	lk_buf_clear(&ib->full);
	lk_buf_clear(&ib->content);
	if ((ret = lk_entity_to_json(e, &ib->full)) < 0)
		return ret;
	if (e->nvalues > ib->cap) {
		lk_value *nv = realloc(ib->values, e->nvalues * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "store: out of memory");
		ib->values = nv;
		ib->cap = e->nvalues;
	}
	lk_entity bare = *e;
	if (e->nvalues > 0) {
		memcpy(ib->values, e->values, e->nvalues * sizeof *ib->values);
		for (size_t i = 0; i < e->nvalues; i++)
			ib->values[i].origin = NULL;
		bare.values = ib->values;
	}
	if ((ret = lk_entity_to_json(&bare, &ib->content)) < 0)
		return ret;
	const lk_buf *f = &ib->full, *c = &ib->content;
	if (f->len == c->len && memcmp(f->ptr, c->ptr, f->len) == 0)
		return 0; /* no provenance */
	size_t key = strlen(PROV_KEY), head = c->len > 0 ? c->len - 1 : 0;
	if (c->len == 0 || c->ptr[head] != '}' || f->len < c->len + key + 2 ||
	    memcmp(f->ptr, c->ptr, head) != 0 || memcmp(f->ptr + head, PROV_KEY, key) != 0 ||
	    f->ptr[f->len - 1] != '}') {
		/* not the expected shape: keep the whole document as the blob */
		lk_buf_clear(&ib->content);
		return lk_buf_put(&ib->content, f->ptr, f->len);
	}
	*prov = f->ptr + head + key;
	*prov_len = f->len - head - key - 1;
	return 0;
}

/* Store one entity of the new version: its content blob (once) and its row. */
static int store_entity(lk_store *s, const lk_list *list, int64_t vid, const lk_entity *e,
                        import_buf *ib)
{
	int ret;
	sqlite3_stmt *st;
	const char *prov;
	size_t prov_len;
	if ((ret = split_json(e, ib, &prov, &prov_len)) < 0) {
		lk_error_prefix("store: serialising entity '%s'", e->id);
		return ret;
	}
	char hex[LK_SHA256_HEX_LEN];
	lk_sha256_hex(hex, ib->content.ptr, ib->content.len);

	if ((ret = lk_store__stmt(s, LK_STMT_INSERT_BLOB, &st)) < 0)
		return ret;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ib->content.ptr, (int)ib->content.len, SQLITE_STATIC);
	if ((ret = step_done(s, st, "storing an entity")) < 0)
		return ret;

	if ((ret = lk_store__stmt(s, LK_STMT_INSERT_VENTITY, &st)) < 0)
		return ret;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lk_schema_name(e->schema), -1, SQLITE_STATIC);
	if (e->caption)
		sqlite3_bind_text(st, 5, e->caption, -1, SQLITE_STATIC);
	if (prov)
		sqlite3_bind_text(st, 6, prov, (int)prov_len, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return lk_error_set(LK_EINVALID,
		                    "store: %s list: entity id '%s' occurs more than once (native id "
		                    "'%s')", list->source, e->id, e->native_id ? e->native_id : "");
	if (rc != SQLITE_DONE)
		return lk_store__sqlerr(s, rc, "storing an entity");
	return 0;
}

/* Check what the store relies on before writing anything. */
static int check_list(const lk_list *list, size_t by_schema[LK_SCHEMA__COUNT], size_t *names)
{
	if (!list->source || !*list->source || strlen(list->source) >= SOURCE_SIZE)
		return lk_error_set(LK_EINVALID, "store: the list's source name '%s' is empty or "
		                    "longer than 63 bytes", list->source ? list->source : "");
	if (strcmp(list->source, "default") == 0 || strcmp(list->source, "sanctions") == 0)
		return lk_error_set(LK_EINVALID, "store: '%s' is a dataset of every list or of the "
		                    "sanctions lists, not a source name: choose another", list->source);
	if (list->hash[0] == '\0')
		return lk_error_set(LK_EINVALID, "store: %s list: no content hash", list->source);
	for (size_t i = 0; i < list->count; i++) {
		const lk_entity *e = list->entities[i];
		if (!e || !e->id || !*e->id)
			return lk_error_set(LK_EINVALID, "store: %s list: entity %zu has no id",
			                    list->source, i + 1);
		if ((int)e->schema < 0 || e->schema >= LK_SCHEMA__COUNT)
			return lk_error_set(LK_EINVALID, "store: %s list: entity '%s' has no valid schema",
			                    list->source, e->id);
		by_schema[e->schema]++;
		for (size_t j = 0; j < e->nvalues; j++)
			if (lk_prop_kind_of(e->values[j].prop) == LK_KIND_NAME)
				(*names)++;
	}
	return 0;
}

static int insert_version(lk_store *s, const lk_list *list, const char *now,
                          const size_t by_schema[LK_SCHEMA__COUNT], size_t names, int64_t *vid)
{
	lk_buf bs, warn, files;
	lk_buf_init(&bs, MAX_META_JSON);
	lk_buf_init(&warn, MAX_META_JSON);
	lk_buf_init(&files, MAX_META_JSON);
	char *topics = NULL;
	sqlite3_stmt *st;
	int ret;
	if ((ret = put_topics(list, &topics)) < 0)
		goto done;
	if ((ret = put_by_schema(&bs, by_schema)) < 0 ||
	    (ret = put_json_strings(&warn, list->warnings, list->nwarnings)) < 0 ||
	    (ret = put_json_strings(&files, list->files, list->nfiles)) < 0) {
		lk_error_prefix("store: %s list: recording its metadata", list->source);
		goto done;
	}
	if ((ret = lk_store__stmt(s, LK_STMT_INSERT_SOURCE, &st)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, list->source, -1, SQLITE_STATIC);
	if ((ret = step_done(s, st, "adding the source")) < 0)
		goto done;
	if ((ret = lk_store__stmt(s, LK_STMT_INSERT_VERSION, &st)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, list->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, list->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lk_format_name(list->format), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, list->published ? list->published : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)list->count);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)names);
	sqlite3_bind_text(st, 8, lk_buf_cstr(&bs), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, lk_buf_cstr(&warn), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, lk_buf_cstr(&files), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, topics, -1, SQLITE_STATIC);
	if ((ret = step_done(s, st, "adding the version")) < 0)
		goto done;
	*vid = sqlite3_last_insert_rowid(s->db);
done:
	free(topics);
	lk_buf_dispose(&bs);
	lk_buf_dispose(&warn);
	lk_buf_dispose(&files);
	return ret;
}

/* Make vid the active version of the source and log the import. */
static int activate(lk_store *s, const char *source, int64_t vid, const char *now,
                    const char *action)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = lk_store__fault_step()) < 0)
		return ret;
	if ((ret = lk_store__stmt(s, LK_STMT_SET_ACTIVE, &st)) < 0)
		return ret;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	if ((ret = step_done(s, st, "activating the version")) < 0)
		return ret;
	if ((ret = lk_store__fault_step()) < 0)
		return ret;
	if ((ret = lk_store__stmt(s, LK_STMT_LOG_IMPORT, &st)) < 0)
		return ret;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, vid);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	return step_done(s, st, "logging the import");
}

/* One-row lookup through a cached statement: *found and the first column as *id, and the
 * second column, if any, copied into hash. */
static int lookup(lk_store *s, sqlite3_stmt *st, bool *found, int64_t *id,
                  char hash[LK_SHA256_HEX_LEN], const char *what)
{
	int rc = sqlite3_step(st);
	int ret = 0;
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (hash)
			copy_col(hash, LK_SHA256_HEX_LEN, st, 1);
	} else if (rc != SQLITE_DONE) {
		ret = lk_store__sqlerr(s, rc, what);
	}
	sqlite3_reset(st);
	return ret;
}

/* The import's audit record, in the import's transaction. */
static int audit_import(lk_store *s, const lk_list *list, const lk_import_result *res,
                        int64_t vid, const char *action)
{
	json_t *d = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "version_id", (json_int_t)vid,
	                      "previous_version_id", (json_int_t)res->previous_version_id,
	                      "action", action, "hash", list->hash, "entities",
	                      (json_int_t)list->count, "format", lk_format_name(list->format));
	char *txt = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(d);
	if (!txt)
		return lk_error_set(LK_ENOMEM, "store: out of memory");
	int ret = lk_audit_append(s, "list.import", NULL, list->source, txt, NULL);
	free(txt);
	return ret;
}

int lk_store_import(lk_store *s, const lk_list *list, lk_import_result *result)
{
	assert(s && list);
	lk_import_result res = {0};
	size_t by_schema[LK_SCHEMA__COUNT] = {0};
	size_t names = 0;
	char now[32];
	import_buf ib = {.values = NULL, .cap = 0};
	lk_buf_init(&ib.full, MAX_ENTITY_JSON);
	lk_buf_init(&ib.content, MAX_ENTITY_JSON);
	sqlite3_stmt *st;
	int ret;
	bool found, own = false, opened = false;

	if ((ret = check_list(list, by_schema, &names)) < 0)
		goto done;
	lk_store__now(now, sizeof now);
	if ((ret = lk_store__tx_open(s, "lk_import", &own)) < 0)
		goto done;
	opened = true;

	char active_hash[LK_SHA256_HEX_LEN] = "";
	if ((ret = lk_store__stmt(s, LK_STMT_ACTIVE_OF_SOURCE, &st)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, list->source, -1, SQLITE_STATIC);
	if ((ret = lookup(s, st, &found, &res.previous_version_id, active_hash,
	                  "reading the active version")) < 0)
		goto done;
	if (found && strcmp(active_hash, list->hash) == 0) {
		/* Identical to the active version: a no-op that writes nothing (the transaction
		 * is rolled back below, having changed nothing). */
		res.unchanged = true;
		res.version_id = res.previous_version_id;
		goto done;
	}

	int64_t vid = 0;
	if ((ret = lk_store__stmt(s, LK_STMT_VERSION_BY_HASH, &st)) < 0)
		goto done;
	sqlite3_bind_text(st, 1, list->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, list->hash, -1, SQLITE_STATIC);
	if ((ret = lookup(s, st, &found, &vid, NULL, "looking up the version")) < 0)
		goto done;
	if (found) {
		res.reactivated = true;
	} else {
		if ((ret = insert_version(s, list, now, by_schema, names, &vid)) < 0)
			goto done;
		for (size_t i = 0; i < list->count; i++) {
			if ((ret = lk_store__fault_step()) < 0 ||
			    (ret = store_entity(s, list, vid, list->entities[i], &ib)) < 0)
				goto done;
		}
	}
	if ((ret = activate(s, list->source, vid, now, found ? "reactivated" : "new")) < 0)
		goto done;
	if ((ret = audit_import(s, list, &res, vid, found ? "reactivated" : "new")) < 0)
		goto done;
	if ((ret = lk_store__fault_step()) < 0)
		goto done;
	res.version_id = vid;
done:
	if (opened)
		ret = lk_store__tx_close(s, "lk_import", own, ret);
	lk_buf_dispose(&ib.full);
	lk_buf_dispose(&ib.content);
	free(ib.values);
	if (ret < 0) {
		if (list->source && *list->source)
			lk_error_prefix("import of %s failed, the active version is unchanged",
			                list->source);
		return ret;
	}
	if (result)
		*result = res;
	return 0;
}

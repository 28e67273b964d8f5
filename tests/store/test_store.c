/*
 * test_store.c - the store with hand-built lists: opening and the schema, importing,
 * the unchanged no-op, reactivation, atomicity under injected faults, duplicate ids,
 * entity lookup and iteration, and version listings.
 */
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "store_fixture.h"
#include "store/store_int.h"

/* Version A of source "src": three entities. */
static lk_list *list_a(void)
{
	lk_list *l = tl_new("src", "version A");
	l->published = "2024-05-03";
	tl_add(l, LK_SCHEMA_PERSON, "2", LK_PROP_NAME, "Ivan PETROV@sdn.csv:2", LK_PROP_ALIAS,
	       "Vanya@alt.csv:7", LK_PROP_BIRTH_DATE, "1960", -1);
	tl_add(l, LK_SCHEMA_VESSEL, "1", LK_PROP_NAME, "GRACEFUL", LK_PROP_IMO_NUMBER, "1011551",
	       -1);
	tl_add(l, LK_SCHEMA_COMPANY, "3", LK_PROP_NAME, "Acme LLC", -1);
	tl_warn(l, "alt.csv missing");
	return l;
}

/* Version B: entity 1 unchanged, 2 changed, 3 removed, 4 added. */
static lk_list *list_b(void)
{
	lk_list *l = tl_new("src", "version B");
	tl_add(l, LK_SCHEMA_VESSEL, "1", LK_PROP_NAME, "GRACEFUL", LK_PROP_IMO_NUMBER, "1011551",
	       -1);
	tl_add(l, LK_SCHEMA_PERSON, "2", LK_PROP_NAME, "Ivan PETROV@sdn.csv:2", LK_PROP_ALIAS,
	       "Vanya@alt.csv:7", LK_PROP_BIRTH_DATE, "1961", -1);
	tl_add(l, LK_SCHEMA_PERSON, "4", LK_PROP_NAME, "Olga IVANOVA", -1);
	return l;
}

static long long count(lk_store *s, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return ts_sql_int(s, sql);
}

static void test_store__open_creates_wal_schema_v1(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	/* version 1 and the later migrations (2: audit trail, 3: API keys) */
	assert_true(ts_sql_int(s, "PRAGMA user_version") >= 3);
	assert_int_equal(count(s, "sources"), 0);
	assert_int_equal(count(s, "audit"), 0);
	assert_int_equal(count(s, "versions"), 0);
	char wal[4300];
	snprintf(wal, sizeof wal, "%s-wal", lk_store_path(s));
	assert_int_equal(access(wal, F_OK), 0); /* WAL mode keeps a -wal file while open */
	lk_store_close(s);
	/* Reopening an existing store neither fails nor migrates again. */
	char path[4200];
	snprintf(path, sizeof path, "%s/lookout.db", dir);
	assert_int_equal(lk_store_open(&s, path), 0);
	assert_string_equal(lk_store_path(s), path);
	assert_true(ts_sql_int(s, "PRAGMA user_version") >= 3);
	ts_close(s, dir);
}

static void test_store__open_uses_lookout_db_env(void **state)
{
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/env.db", dir);
	setenv("LOOKOUT_DB", path, 1);
	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, NULL), 0);
	assert_string_equal(lk_store_path(s), path);
	lk_store_close(s);
	assert_int_equal(lk_store_open(&s, ""), 0);
	assert_string_equal(lk_store_path(s), path);
	lk_store_close(s);
	unsetenv("LOOKOUT_DB");
	assert_int_equal(access(path, F_OK), 0);
	lk_test_rmtree(dir);
	free(dir);
}

static void test_store__open_bad_paths_fail_clearly(void **state)
{
	char *dir = lk_test_tmpdir();
	char path[4200];
	lk_store *s = (lk_store *)1;
	snprintf(path, sizeof path, "%s/no/such/dir/x.db", dir);
	assert_int_equal(lk_store_open(&s, path), LK_EIO);
	assert_null(s);
	assert_non_null(strstr(lk_error_last()->message, path));

	snprintf(path, sizeof path, "%s/not-a-db", dir);
	const char junk[] = "this is not an SQLite database, just text that is long enough....";
	char big[8192];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = junk[i % (sizeof junk - 1)];
	lk_test_write_file(path, big, sizeof big);
	assert_int_equal(lk_store_open(&s, path), LK_ESTORE);
	assert_non_null(strstr(lk_error_last()->message, "not a database"));

	/* A store written by a newer Lookout is refused, not damaged. */
	snprintf(path, sizeof path, "%s/newer.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lk_store_open(&s, path), LK_ESTORE);
	assert_non_null(strstr(lk_error_last()->message, "newer"));
	lk_test_rmtree(dir);
	free(dir);
}

static void test_store__import_records_version_and_counts(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a();
	lk_import_result r = ts_import(s, a);
	assert_true(r.version_id > 0);
	assert_int_equal(r.previous_version_id, 0);
	assert_false(r.unchanged);
	assert_false(r.reactivated);

	lk_version_info v;
	assert_int_equal(lk_store_version(s, r.version_id, &v), 0);
	assert_int_equal(v.id, r.version_id);
	assert_string_equal(v.source, "src");
	assert_string_equal(v.format, "ftm_json");
	assert_string_equal(v.hash, a->hash);
	assert_string_equal(v.published, "2024-05-03");
	assert_int_equal(strlen(v.imported_at), 20);
	assert_int_equal(v.imported_at[10], 'T');
	assert_int_equal(v.imported_at[19], 'Z');
	assert_int_equal(v.entities, 3);
	assert_int_equal(v.names, 4); /* three "name" values and one alias */
	assert_int_equal(v.by_schema[LK_SCHEMA_PERSON], 1);
	assert_int_equal(v.by_schema[LK_SCHEMA_VESSEL], 1);
	assert_int_equal(v.by_schema[LK_SCHEMA_COMPANY], 1);
	assert_int_equal(v.by_schema[LK_SCHEMA_ORGANIZATION], 0);
	assert_int_equal(v.nwarnings, 1);
	assert_true(v.active);
	assert_int_equal(count(s, "blobs"), 3);
	assert_int_equal(count(s, "version_entities"), 3);
	assert_int_equal(count(s, "imports"), 1);

	char *w = NULL;
	assert_int_equal(lk_store_version_warnings(s, r.version_id, &w), 0);
	assert_string_equal(w, "[\"alt.csv missing\"]");
	free(w);
	assert_int_equal(lk_store_version(s, 999, &v), LK_ENOTFOUND);
	assert_int_equal(lk_store_version_warnings(s, 999, &w), LK_ENOTFOUND);
	tl_free(a);
	ts_close(s, dir);
}

static void test_store__warnings_are_valid_json_whatever_they_hold(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *l = tl_new("src", "warnings");
	tl_warn(l, "quote \" backslash \\ tab \t newline \n bell \a");
	tl_warn(l, "bad utf-8 \xff\xfe here, and good: \xc3\xa9");
	lk_import_result r = ts_import(s, l);
	char *w = NULL;
	assert_int_equal(lk_store_version_warnings(s, r.version_id, &w), 0);
	json_error_t err;
	json_t *arr = json_loads(w, 0, &err);
	assert_non_null(arr);
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(json_string_value(json_array_get(arr, 0)),
	                    "quote \" backslash \\ tab \t newline \n bell \a");
	assert_string_equal(json_string_value(json_array_get(arr, 1)),
	                    "bad utf-8 \xef\xbf\xbd\xef\xbf\xbd here, and good: \xc3\xa9");
	json_decref(arr);
	free(w);
	lk_version_info v;
	assert_int_equal(lk_store_version(s, r.version_id, &v), 0);
	assert_int_equal(v.nwarnings, 2);
	assert_int_equal(v.entities, 0); /* an empty list is a valid version */
	tl_free(l);
	ts_close(s, dir);
}

static void test_store__identical_import_is_a_noop_that_writes_nothing(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a();
	lk_import_result r1 = ts_import(s, a);
	char wal[4300];
	snprintf(wal, sizeof wal, "%s-wal", lk_store_path(s));
	struct stat before, after;
	assert_int_equal(stat(wal, &before), 0);

	lk_import_result r2 = ts_import(s, a);
	assert_true(r2.unchanged);
	assert_false(r2.reactivated);
	assert_int_equal(r2.version_id, r1.version_id);
	assert_int_equal(r2.previous_version_id, r1.version_id);
	assert_int_equal(count(s, "versions"), 1);
	assert_int_equal(count(s, "imports"), 1);
	assert_int_equal(stat(wal, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	/* result may be NULL */
	assert_int_equal(lk_store_import(s, a, NULL), 0);
	tl_free(a);
	ts_close(s, dir);
}

static void test_store__older_input_is_reactivated_not_duplicated(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a(), *b = list_b();
	lk_import_result ra = ts_import(s, a);
	lk_import_result rb = ts_import(s, b);
	assert_int_not_equal(ra.version_id, rb.version_id);
	assert_int_equal(rb.previous_version_id, ra.version_id);
	assert_false(rb.reactivated);

	lk_import_result r = ts_import(s, a);
	assert_true(r.reactivated);
	assert_false(r.unchanged);
	assert_int_equal(r.version_id, ra.version_id);
	assert_int_equal(r.previous_version_id, rb.version_id);
	assert_int_equal(count(s, "versions"), 2);
	assert_int_equal(count(s, "imports"), 3);
	assert_int_equal(ts_sql_int(s, "SELECT count(*) FROM imports WHERE action='reactivated'"),
	                 1);

	lk_version_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lk_store_versions(s, "src", &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, rb.version_id); /* newest first */
	assert_false(v[0].active);
	assert_int_equal(v[1].id, ra.version_id);
	assert_true(v[1].active);
	free(v);

	/* The entities are A's again: entity 3 exists, 4 does not. */
	char *json = NULL;
	assert_int_equal(lk_store_entity_json(s, "t-3", &json, NULL), 0);
	free(json);
	assert_int_equal(lk_store_entity_json(s, "t-4", &json, NULL), LK_ENOTFOUND);
	assert_null(json);
	tl_free(a);
	tl_free(b);
	ts_close(s, dir);
}

/* The state an interrupted import must leave untouched. */
typedef struct snapshot {
	int64_t active;
	long long versions, blobs, ventities, imports, sources;
} snapshot;

static snapshot snap(lk_store *s, const char *source)
{
	snapshot sn = {0};
	lk_version_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lk_store_active_versions(s, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].source, source) == 0)
			sn.active = v[i].id;
	free(v);
	sn.versions = count(s, "versions");
	sn.blobs = count(s, "blobs");
	sn.ventities = count(s, "version_entities");
	sn.imports = count(s, "imports");
	sn.sources = count(s, "sources");
	return sn;
}

static void assert_same(const snapshot *x, const snapshot *y)
{
	assert_int_equal(x->active, y->active);
	assert_int_equal(x->versions, y->versions);
	assert_int_equal(x->blobs, y->blobs);
	assert_int_equal(x->ventities, y->ventities);
	assert_int_equal(x->imports, y->imports);
	assert_int_equal(x->sources, y->sources);
}

static void test_store__failed_import_at_any_step_changes_nothing(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a(), *b = list_b();
	lk_import_result ra = ts_import(s, a);
	snapshot before = snap(s, "src");
	/* Steps of importing B: 3 entities, activation, log, commit. Fail at each. */
	for (long n = 0; n < (long)b->count + 3; n++) {
		lk_store__fail_after(n);
		assert_int_equal(lk_store_import(s, b, NULL), LK_ESTORE);
		assert_non_null(strstr(lk_error_last()->message, "injected fault"));
		assert_non_null(strstr(lk_error_last()->message, "active version is unchanged"));
		snapshot after = snap(s, "src");
		assert_same(&before, &after);
		assert_int_equal(after.active, ra.version_id);
		char *ic = ts_sql_text(s, "PRAGMA integrity_check");
		assert_string_equal(ic, "ok");
		free(ic);
	}
	/* The hook fired and disarmed itself each time; one step more than there are and the
	 * import goes through. */
	lk_store__fail_after((long)b->count + 3);
	lk_import_result rb = ts_import(s, b);
	lk_store__fail_after(-1);
	assert_int_equal(rb.previous_version_id, ra.version_id);

	/* A reactivation fails atomically too (activation, log, commit). */
	before = snap(s, "src");
	for (long n = 0; n < 3; n++) {
		lk_store__fail_after(n);
		assert_int_equal(lk_store_import(s, a, NULL), LK_ESTORE);
		snapshot after = snap(s, "src");
		assert_same(&before, &after);
	}
	lk_store__fail_after(-1);
	assert_true(ts_import(s, a).reactivated);
	tl_free(a);
	tl_free(b);
	ts_close(s, dir);
}

static void test_store__failed_first_import_leaves_no_source(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a();
	lk_store__fail_after(1);
	assert_int_equal(lk_store_import(s, a, NULL), LK_ESTORE);
	snapshot sn = snap(s, "src");
	assert_int_equal(sn.active, 0);
	assert_int_equal(sn.sources, 0);
	assert_int_equal(sn.versions, 0);
	assert_int_equal(sn.blobs, 0);
	lk_version_info *v = (lk_version_info *)1;
	size_t n = 1;
	assert_int_equal(lk_store_versions(s, "src", &v, &n), LK_ENOTFOUND);
	assert_int_equal(lk_store_active_versions(s, &v, &n), 0);
	assert_int_equal(n, 0);
	free(v);
	tl_free(a);
	ts_close(s, dir);
}

static void test_store__duplicate_entity_id_is_an_error_naming_it(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a();
	ts_import(s, a);
	snapshot before = snap(s, "src");
	lk_list *d = tl_new("src", "dups");
	tl_add(d, LK_SCHEMA_PERSON, "10", LK_PROP_NAME, "One", -1);
	tl_add(d, LK_SCHEMA_PERSON, "11", LK_PROP_NAME, "Two", -1);
	tl_add(d, LK_SCHEMA_PERSON, "10", LK_PROP_NAME, "Another one", -1);
	assert_int_equal(lk_store_import(s, d, NULL), LK_EINVALID);
	const char *msg = lk_error_last()->message;
	assert_non_null(strstr(msg, "'t-10'"));
	assert_non_null(strstr(msg, "more than once"));
	snapshot after = snap(s, "src");
	assert_same(&before, &after);
	tl_free(d);
	tl_free(a);
	ts_close(s, dir);
}

static void test_store__bad_source_name_is_refused(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	char name[80];
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	lk_list *l = tl_new(name, "long");
	assert_int_equal(lk_store_import(s, l, NULL), LK_EINVALID);
	tl_free(l);
	l = tl_new("", "empty");
	assert_int_equal(lk_store_import(s, l, NULL), LK_EINVALID);
	tl_free(l);
	assert_int_equal(count(s, "sources"), 0);
	ts_close(s, dir);
}

static void test_store__versions_share_identical_entity_blobs(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a(), *b = list_b();
	ts_import(s, a);
	ts_import(s, b);
	/* A: 3 blobs. B: entity 1 identical (shared), 2 changed (new), 4 new. */
	assert_int_equal(count(s, "blobs"), 5);
	assert_int_equal(count(s, "version_entities"), 6);
	tl_free(a);
	tl_free(b);
	ts_close(s, dir);
}

static void test_store__entity_json_is_the_canonical_json_of_the_active_version(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a(), *b = list_b();
	lk_import_result ra = ts_import(s, a);
	char *json = NULL;
	lk_version_info v;
	assert_int_equal(lk_store_entity_json(s, "t-2", &json, &v), 0);
	lk_buf expect;
	lk_buf_init(&expect, 0);
	assert_int_equal(lk_entity_to_json(a->entities[0], &expect), 0);
	assert_string_equal(json, lk_buf_cstr(&expect));
	assert_non_null(strstr(json, "alt.csv:7")); /* provenance is kept */
	assert_int_equal(v.id, ra.version_id);
	assert_true(v.active);
	free(json);

	lk_import_result rb = ts_import(s, b);
	assert_int_equal(lk_store_entity_json(s, "t-2", &json, &v), 0);
	assert_non_null(strstr(json, "1961"));
	assert_int_equal(v.id, rb.version_id);
	free(json);
	assert_int_equal(lk_store_entity_json(s, "t-3", &json, NULL), LK_ENOTFOUND);
	assert_non_null(strstr(lk_error_last()->message, "t-3"));
	assert_int_equal(lk_store_entity_json(s, "nope", &json, NULL), LK_ENOTFOUND);
	lk_buf_dispose(&expect);
	tl_free(a);
	tl_free(b);
	ts_close(s, dir);
}

typedef struct exact_ctx {
	const lk_list *list;
	size_t n;
} exact_ctx;

/* Each entity read back is byte for byte lk_entity_to_json() of the entity imported. */
static int check_exact(void *ctx, const char *id, const char *json, size_t len)
{
	exact_ctx *c = ctx;
	const lk_entity *e = NULL;
	for (size_t i = 0; i < c->list->count && !e; i++)
		if (strcmp(c->list->entities[i]->id, id) == 0)
			e = c->list->entities[i];
	assert_non_null(e);
	lk_buf b;
	lk_buf_init(&b, 0);
	assert_int_equal(lk_entity_to_json(e, &b), 0);
	assert_int_equal(len, b.len);
	assert_memory_equal(json, b.ptr, len);
	lk_buf_dispose(&b);
	c->n++;
	return 0;
}

/* Provenance (line numbers) changes in every release: it is stored per version, while the
 * content is shared, and what is read back is still the exact canonical JSON. */
static void test_store__provenance_is_per_version_and_content_shared(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *p1 = tl_new("src", "p1"), *p2 = tl_new("src", "p2");
	tl_add(p1, LK_SCHEMA_PERSON, "p", LK_PROP_NAME, "\xc3\x9clk\xc3\xbc \xe9\x87\x91@sdn.csv:1",
	       LK_PROP_ALIAS, "Y \"quoted\"@alt.csv:5", LK_PROP_NOTES, "no origin", -1);
	tl_add(p1, LK_SCHEMA_VESSEL, "q", LK_PROP_NAME, "NO ORIGINS", -1);
	tl_add(p2, LK_SCHEMA_PERSON, "p", LK_PROP_NAME, "\xc3\x9clk\xc3\xbc \xe9\x87\x91@sdn.csv:2",
	       LK_PROP_ALIAS, "Y \"quoted\"@alt.csv:9", LK_PROP_NOTES, "no origin", -1);
	tl_add(p2, LK_SCHEMA_VESSEL, "q", LK_PROP_NAME, "NO ORIGINS", -1);
	lk_import_result r1 = ts_import(s, p1), r2 = ts_import(s, p2);
	assert_int_equal(count(s, "blobs"), 2);
	assert_int_equal(count(s, "version_entities"), 4);

	exact_ctx c1 = {p1, 0}, c2 = {p2, 0};
	assert_int_equal(lk_store_foreach_entity(s, r1.version_id, check_exact, &c1), 0);
	assert_int_equal(lk_store_foreach_entity(s, r2.version_id, check_exact, &c2), 0);
	assert_int_equal(c1.n + c2.n, 4);
	char *json = NULL;
	assert_int_equal(lk_store_entity_json(s, "t-p", &json, NULL), 0);
	check_exact(&c2, "t-p", json, strlen(json));
	free(json);

	lk_diff *d = NULL;
	assert_int_equal(lk_store_diff(&d, s, "src", 0, 0), 0);
	assert_int_equal(d->nchanged + d->nadded + d->nremoved, 0);
	assert_int_equal(d->unchanged, 2);
	lk_diff_free(d);
	tl_free(p1);
	tl_free(p2);
	ts_close(s, dir);
}

typedef struct collected {
	char ids[16][32];
	size_t n;
	size_t stop_after; /* 0: never stop */
	bool json_ok;
} collected;

static int collect(void *ctx, const char *id, const char *json, size_t len)
{
	collected *c = ctx;
	assert_true(c->n < 16);
	snprintf(c->ids[c->n++], sizeof c->ids[0], "%s", id);
	json_t *doc = json_loadb(json, len, 0, NULL);
	const char *jid = json_string_value(json_object_get(doc, "id"));
	c->json_ok = c->json_ok && jid && strcmp(jid, id) == 0;
	json_decref(doc);
	if (c->stop_after && c->n == c->stop_after)
		return 42;
	return 0;
}

static void test_store__foreach_entity_is_in_id_order_and_can_stop(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a();
	lk_import_result ra = ts_import(s, a);
	collected c = {.json_ok = true};
	assert_int_equal(lk_store_foreach_entity(s, ra.version_id, collect, &c), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.ids[0], "t-1");
	assert_string_equal(c.ids[1], "t-2");
	assert_string_equal(c.ids[2], "t-3");
	assert_true(c.json_ok);

	collected stop = {.json_ok = true, .stop_after = 2};
	assert_int_equal(lk_store_foreach_entity(s, ra.version_id, collect, &stop), 42);
	assert_int_equal(stop.n, 2);
	assert_int_equal(lk_store_foreach_entity(s, 12345, collect, &c), LK_ENOTFOUND);
	tl_free(a);
	ts_close(s, dir);
}

static void test_store__foreach_active_covers_each_source_once(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a(), *b = list_b();
	lk_list *other = tl_new("other", "other 1");
	tl_add(other, LK_SCHEMA_PERSON, "x", LK_PROP_NAME, "Someone Else", -1);
	ts_import(s, a);
	ts_import(s, other);
	ts_import(s, b);
	collected c = {.json_ok = true};
	assert_int_equal(lk_store_foreach_active(s, collect, &c), 0);
	/* sources in name order ("other" < "src"), ids in order; only B's entities of "src" */
	assert_int_equal(c.n, 4);
	assert_string_equal(c.ids[0], "t-x");
	assert_string_equal(c.ids[1], "t-1");
	assert_string_equal(c.ids[2], "t-2");
	assert_string_equal(c.ids[3], "t-4");
	assert_true(c.json_ok);

	lk_version_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lk_store_active_versions(s, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].source, "other");
	assert_string_equal(v[1].source, "src");
	assert_int_equal(v[1].entities, 3);
	assert_true(v[0].active && v[1].active);
	free(v);
	tl_free(a);
	tl_free(b);
	tl_free(other);
	ts_close(s, dir);
}

static void test_store__data_survives_close_and_reopen(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = list_a();
	lk_import_result ra = ts_import(s, a);
	char path[4200];
	snprintf(path, sizeof path, "%s", lk_store_path(s));
	lk_store_close(s);
	assert_int_equal(lk_store_open(&s, path), 0);
	lk_version_info v;
	assert_int_equal(lk_store_version(s, ra.version_id, &v), 0);
	assert_true(v.active);
	assert_int_equal(v.entities, 3);
	assert_true(ts_import(s, a).unchanged);
	tl_free(a);
	ts_close(s, dir);
}

static void test_store__import_of_15k_entities(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *l = tl_new("big", "big 1");
	char native[16], name[64], alias[64];
	for (int i = 0; i < 15000; i++) {
		snprintf(native, sizeof native, "%d", i);
		snprintf(name, sizeof name, "Person Number %d", i);
		snprintf(alias, sizeof alias, "Alias %d@alt.csv:%d", i, i + 1);
		tl_add(l, LK_SCHEMA_PERSON, native, LK_PROP_NAME, name, LK_PROP_ALIAS, alias,
		       LK_PROP_PROGRAM, "SDGT", LK_PROP_NATIONALITY, "ru", -1);
	}
	lk_import_result r = ts_import(s, l);
	lk_version_info v;
	assert_int_equal(lk_store_version(s, r.version_id, &v), 0);
	assert_int_equal(v.entities, 15000);
	assert_int_equal(v.names, 30000);
	char *json = NULL;
	assert_int_equal(lk_store_entity_json(s, "t-7500", &json, NULL), 0);
	assert_non_null(strstr(json, "\"Person Number 7500\""));
	assert_non_null(strstr(json, "\"Alias 7500\""));
	free(json);
	tl_free(l);
	ts_close(s, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store__open_creates_wal_schema_v1),
		cmocka_unit_test(test_store__open_uses_lookout_db_env),
		cmocka_unit_test(test_store__open_bad_paths_fail_clearly),
		cmocka_unit_test(test_store__import_records_version_and_counts),
		cmocka_unit_test(test_store__warnings_are_valid_json_whatever_they_hold),
		cmocka_unit_test(test_store__identical_import_is_a_noop_that_writes_nothing),
		cmocka_unit_test(test_store__older_input_is_reactivated_not_duplicated),
		cmocka_unit_test(test_store__failed_import_at_any_step_changes_nothing),
		cmocka_unit_test(test_store__failed_first_import_leaves_no_source),
		cmocka_unit_test(test_store__duplicate_entity_id_is_an_error_naming_it),
		cmocka_unit_test(test_store__bad_source_name_is_refused),
		cmocka_unit_test(test_store__versions_share_identical_entity_blobs),
		cmocka_unit_test(test_store__entity_json_is_the_canonical_json_of_the_active_version),
		cmocka_unit_test(test_store__provenance_is_per_version_and_content_shared),
		cmocka_unit_test(test_store__foreach_entity_is_in_id_order_and_can_stop),
		cmocka_unit_test(test_store__foreach_active_covers_each_source_once),
		cmocka_unit_test(test_store__data_survives_close_and_reopen),
		cmocka_unit_test(test_store__import_of_15k_entities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

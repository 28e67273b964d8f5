/*
 * test_keys.c - the customers' persisted retrieval keys (customer_keys, src/lib/match/keys.c)
 * and the delta run that ranks customers by them (src/lib/monitor/rank.c):
 *   - the keys blob of a name set holds exactly the postings a list index built from the same
 *     entity holds, name by name;
 *   - the stored keys follow the customer: written by the run that screens it, gone when it
 *     is renamed or removed, back with the new content after the next run;
 *   - a delta run finds a customer matching a newly listed entity through its stored keys
 *     (no forward screening of everyone), ranking by rarity: the one customer with the rare
 *     part of the name comes out although 1,800 customers share its common parts;
 *   - a blob the run cannot read sends its customer to forward screening, which rewrites it.
 */
#include "lk_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/keys.h"
#include "store/store_int.h"

/* ---- helpers ---- */

static int64_t sql_int(lk_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), SQLITE_OK);
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void sql_exec(lk_store *s, const char *sql)
{
	assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* The stored keys blob of customer ref into b (false if it has none). */
static bool stored_keys(lk_store *s, const char *ref, lk_buf *b)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT k.keys FROM customer_keys k JOIN"
	                                           " customers c ON c.id = k.customer_id"
	                                           " WHERE c.ref = ?1", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	lk_buf_clear(b);
	if (found)
		assert_int_equal(lk_buf_put(b, sqlite3_column_blob(st, 0),
		                            (size_t)sqlite3_column_bytes(st, 0)), 0);
	sqlite3_finalize(st);
	return found;
}

/* The blob a run should store for a customer with this name (and aliases). */
static void expected_keys(lk_buf *b, const char *const *names, size_t n)
{
	lk_buf_clear(b);
	assert_int_equal(lk_match__names_keys(b, LK_SCHEMA_PERSON, names, n, NULL, 0), 0);
}

static bool blob_has_key(const lk_buf *b, uint64_t key)
{
	lk_match__keys_reader rd;
	assert_int_equal(lk_match__keys_open(&rd, b->ptr, b->len), 0);
	const unsigned char *k;
	size_t n;
	while (lk_match__keys_next(&rd, &k, &n) == 1)
		for (size_t i = 0; i < n; i++)
			if (lk_match__keys_get(k, i) == key)
				return true;
	return false;
}

static void upsert(lk_store *s, const char *ref, const char *name)
{
	lk_customer_in c = {.ref = ref, .name = name, .schema = LK_SCHEMA_PERSON};
	assert_int_equal(lk_customer_upsert(s, &c, "test", NULL), 0);
}

/* A one-source list of Person entities "t-1", "t-2", ... named names[i]. */
static lk_list *make_list(const char *const *names, size_t n, const char *tag)
{
	lk_list *l = calloc(1, sizeof *l);
	assert_non_null(l);
	l->arena = lk_arena_new(0);
	l->source = "test_list";
	l->entities = calloc(n + 1, sizeof *l->entities);
	assert_non_null(l->entities);
	for (size_t i = 0; i < n; i++) {
		char native[16];
		snprintf(native, sizeof native, "%zu", i + 1);
		lk_entity *e = lk_entity_new(l->arena, LK_SCHEMA_PERSON, "test_list", "t", native);
		assert_non_null(e);
		assert_int_equal(lk_entity_add(e, l->arena, LK_PROP_NAME, names[i], NULL), 0);
		l->entities[l->count++] = e;
	}
	lk_sha256_hex(l->hash, tag, strlen(tag));
	return l;
}

static void free_list(lk_list *l)
{
	free(l->entities);
	lk_arena_free(l->arena);
	free(l);
}

static bool has_alert(lk_store *s, const char *ref, const char *entity, int64_t run_id)
{
	lk_alert *a = NULL;
	size_t n = 0;
	bool found = false;
	assert_int_equal(lk_alerts_list(s, -1, &a, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].customer_ref, ref) == 0 && strcmp(a[i].entity_id, entity) == 0 &&
		    (run_id == 0 || a[i].run_id == run_id))
			found = true;
	lk_alerts_free(a, n);
	return found;
}

/* ---- the blob is what an index posts ---- */

static void check_against_index(const char *const *names, size_t n)
{
	lk_customer c = {.id = 1, .ref = "r", .name = (char *)names[0], .dob = "", .country = "",
	                 .ident = "", .schema = LK_SCHEMA_PERSON,
	                 .aliases = (char **)(names + 1), .naliases = n - 1};
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = NULL;
	assert_int_equal(lk_customer_to_entity(&c, a, &e), 0);
	lk_index *ix = NULL;
	const lk_entity *ents[1] = {e};
	assert_int_equal(lk_index_build_from_entities(&ix, ents, 1), 0);
	lk_index_stats st;
	lk_index_stats_get(ix, &st);

	lk_buf b, all;
	lk_buf_init(&b, 0);
	lk_buf_init(&all, 0);
	assert_int_equal(lk_match__entity_keys(&b, e), 0);
	lk_match__keys_reader rd;
	assert_int_equal(lk_match__keys_open(&rd, b.ptr, b.len), 0);
	const unsigned char *k;
	size_t nk, groups = 0, postings = 0;
	int rc;
	while ((rc = lk_match__keys_next(&rd, &k, &nk)) == 1) {
		groups++;
		postings += nk;
		for (size_t i = 0; i < nk; i++) {
			if (i > 0)
				assert_true(lk_match__keys_get(k, i - 1) < lk_match__keys_get(k, i));
			uint64_t key = lk_match__keys_get(k, i);
			assert_int_equal(lk_buf_put(&all, &key, sizeof key), 0);
		}
	}
	assert_int_equal(rc, 0);
	/* distinct keys over all names */
	uint64_t *v = (uint64_t *)all.ptr;
	size_t nv = all.len / sizeof *v, distinct = 0;
	for (size_t i = 0; i < nv; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = v[j] == v[i];
		distinct += !dup;
	}
	assert_int_equal(groups, st.names);       /* one group per indexed name (and reading) */
	assert_int_equal(postings, st.postings);  /* the same (key, name) pairs */
	assert_int_equal(distinct, st.keys);
	/* the same as the customer's names given directly, which is what the run stores */
	lk_buf direct;
	lk_buf_init(&direct, 0);
	expected_keys(&direct, names, n);
	assert_int_equal(direct.len, b.len);
	assert_memory_equal(direct.ptr, b.ptr, b.len);
	lk_buf_dispose(&direct);
	lk_buf_dispose(&b);
	lk_buf_dispose(&all);
	lk_index_unref(ix);
	lk_arena_free(a);
}

static void test_monitor_keys__blob_holds_the_index_postings(void **state)
{
	(void)state;
	const char *latin[] = {"Viktor Anatolyevich Bout", "Victor But", "Boutov, Viktor"};
	const char *cyr[] = {"Виктор Анатольевич Бут"};
	const char *hangul[] = {"김정은", "Kim Jong Un"};
	const char *arabic[] = {"محمد بن سلمان"};
	const char *legal[] = {"Mr. Sergei Ivanov", "OOO Sergei"};
	check_against_index(latin, 3);
	check_against_index(cyr, 1);
	check_against_index(hangul, 2);
	check_against_index(arabic, 1);
	check_against_index(legal, 2);
}

static void test_monitor_keys__reader_refuses_bad_blobs(void **state)
{
	(void)state;
	lk_match__keys_reader rd;
	const unsigned char *k;
	size_t n;
	assert_int_equal(lk_match__keys_open(&rd, "", 0), LK_EINVALID);
	assert_int_equal(lk_match__keys_open(&rd, "K\x7f", 2), LK_EINVALID); /* other version */
	assert_int_equal(lk_match__keys_open(&rd, "X\x01", 2), LK_EINVALID);
	const unsigned char trunc[] = {'K', LK_MATCH__KEYS_VERSION, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8};
	assert_int_equal(lk_match__keys_open(&rd, trunc, sizeof trunc), 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), LK_EINVALID);
	const unsigned char half[] = {'K', LK_MATCH__KEYS_VERSION, 1};
	assert_int_equal(lk_match__keys_open(&rd, half, sizeof half), 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), LK_EINVALID);
	const unsigned char big[] = {'K', LK_MATCH__KEYS_VERSION, 0xff, 0xff};
	assert_int_equal(lk_match__keys_open(&rd, big, sizeof big), 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), LK_EINVALID);
	const unsigned char empty[] = {'K', LK_MATCH__KEYS_VERSION, 0, 0};
	assert_int_equal(lk_match__keys_open(&rd, empty, sizeof empty), 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), 0);
}

/* ---- the stored keys follow the customer ---- */

static void test_monitor_keys__follow_customer_changes(void **state)
{
	(void)state;
	char *dir = lk_test_tmpdir();
	char db[512];
	snprintf(db, sizeof db, "%s/k.db", dir);
	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, db), 0);
	const char *listed[] = {"Pavel Ostrogradsky"};
	lk_list *l = make_list(listed, 1, "v1");
	assert_int_equal(lk_store_import(s, l, NULL), 0);
	upsert(s, "A", "Anna Karenina");
	upsert(s, "B", "Boris Godunov");
	assert_int_equal(sql_int(s, "SELECT count(*) FROM customer_keys"), 0);

	lk_monitor_opts mo = {.threshold = -1, .actor = "test", .threads = 2};
	lk_monitor_result r;
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 2);
	lk_buf got, want, old;
	lk_buf_init(&got, 0);
	lk_buf_init(&want, 0);
	lk_buf_init(&old, 0);
	const char *a1[] = {"Anna Karenina"}, *a2[] = {"Anna Ivanova"}, *b1[] = {"Boris Godunov"};
	assert_true(stored_keys(s, "A", &got));
	expected_keys(&want, a1, 1);
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.ptr, want.ptr, want.len);
	assert_true(stored_keys(s, "B", &got));
	expected_keys(&want, b1, 1);
	assert_memory_equal(got.ptr, want.ptr, want.len);

	/* a rename drops the old keys at once; the next run stores the new ones */
	assert_true(stored_keys(s, "A", &old));
	upsert(s, "A", "Anna Ivanova");
	assert_false(stored_keys(s, "A", &got));
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 1);
	assert_true(stored_keys(s, "A", &got));
	expected_keys(&want, a2, 1);
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.ptr, want.ptr, want.len);
	/* a key only the old name had is gone, one only the new name has is there */
	lk_buf only;
	lk_buf_init(&only, 0);
	const char *kar[] = {"Karenina"}, *iva[] = {"Ivanova"};
	expected_keys(&only, kar, 1);
	lk_match__keys_reader rd;
	const unsigned char *k;
	size_t n;
	assert_int_equal(lk_match__keys_open(&rd, only.ptr, only.len), 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), 1);
	assert_true(n > 0);
	assert_true(blob_has_key(&old, lk_match__keys_get(k, 0)));
	assert_false(blob_has_key(&got, lk_match__keys_get(k, 0)));
	expected_keys(&only, iva, 1);
	assert_int_equal(lk_match__keys_open(&rd, only.ptr, only.len), 0);
	assert_int_equal(lk_match__keys_next(&rd, &k, &n), 1);
	assert_true(blob_has_key(&got, lk_match__keys_get(k, 0)));
	assert_false(blob_has_key(&old, lk_match__keys_get(k, 0)));
	lk_buf_dispose(&only);

	/* an unchanged import changes nothing */
	upsert(s, "A", "Anna Ivanova");
	assert_true(stored_keys(s, "A", &got));

	/* removal drops them; a run does not bring them back */
	assert_int_equal(lk_customer_remove(s, "B", "test"), 0);
	assert_false(stored_keys(s, "B", &got));
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 0);
	assert_false(stored_keys(s, "B", &got));
	assert_int_equal(sql_int(s, "SELECT count(*) FROM customer_keys"), 1);

	/* back unchanged: screened again, keys again */
	upsert(s, "B", "Boris Godunov");
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 1);
	assert_true(stored_keys(s, "B", &got));
	expected_keys(&want, b1, 1);
	assert_memory_equal(got.ptr, want.ptr, want.len);

	lk_audit_verify_result v;
	assert_int_equal(lk_audit_verify(s, &v), 0);
	assert_true(v.ok);
	lk_buf_dispose(&got);
	lk_buf_dispose(&want);
	lk_buf_dispose(&old);
	lk_store_close(s);
	free_list(l);
	lk_test_rmtree(dir);
	free(dir);
}

/* ---- the delta run ranks by the stored keys ---- */

#define COMMON 900

/* A made-up surname from three syllables (distinct for i < 8000). */
static void surname(char *out, size_t size, size_t i)
{
	static const char *const syl[20] = {"ba", "ko", "ri", "mu", "te", "lo", "sa", "ni",
	                                    "gu", "pe", "da", "vo", "ki", "ru", "me", "zo",
	                                    "fa", "ti", "no", "he"};
	snprintf(out, size, "%s%s%sn", syl[i % 20], syl[(i / 20) % 20], syl[(i / 400) % 20]);
	out[0] = (char)(out[0] - 'a' + 'A');
}

static void test_monitor_keys__delta_ranks_by_rare_key(void **state)
{
	(void)state;
	char *dir = lk_test_tmpdir();
	char db[512];
	snprintf(db, sizeof db, "%s/k.db", dir);
	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, db), 0);
	const char *v1[] = {"Pavel Ostrogradsky"};
	const char *v2[] = {"Pavel Ostrogradsky", "Xaver Quendolin Brightwater"};
	lk_list *l1 = make_list(v1, 1, "v1"), *l2 = make_list(v2, 2, "v2");
	assert_int_equal(lk_store_import(s, l1, NULL), 0);

	/* 1,800 customers share a part of the coming entity's name: "Xaver <surname>" and
	 * "<given> Quendolin"; one has all of it */
	assert_int_equal(lk_store_begin(s), 0);
	for (size_t i = 0; i < COMMON; i++) {
		char ref[32], name[128], sn[32];
		surname(sn, sizeof sn, i);
		snprintf(ref, sizeof ref, "X%zu", i);
		snprintf(name, sizeof name, "Xaver %s", sn);
		upsert(s, ref, name);
		surname(sn, sizeof sn, i + 4000);
		snprintf(ref, sizeof ref, "Q%zu", i);
		snprintf(name, sizeof name, "%s Quendolin", sn);
		upsert(s, ref, name);
	}
	upsert(s, "TARGET", "Xaver Quendolin Brightwater");
	assert_int_equal(lk_store_commit(s), 0);

	lk_monitor_opts mo = {.threshold = -1, .actor = "test", .threads = 2};
	lk_monitor_result r;
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 2 * COMMON + 1);
	assert_false(has_alert(s, "TARGET", "t-2", 0));
	assert_int_equal(sql_int(s, "SELECT count(*) FROM customer_keys"), 2 * COMMON + 1);

	/* the entity is listed: the delta run finds the customer through its stored keys */
	assert_int_equal(lk_store_import(s, l2, NULL), 0);
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.delta_entities, 1);
	assert_int_equal(r.forward, 0);
	assert_true(has_alert(s, "TARGET", "t-2", r.run_id));
	/* ranked, not intersected: far fewer candidates than customers sharing a key */
	assert_true(r.candidates >= 1);
	assert_true(r.candidates <= 100);
	assert_true(r.rank_hits >= 2 * COMMON);

	/* a blob the run cannot read sends its customer forward, which rewrites it */
	assert_int_equal(lk_store_import(s, l1, NULL), 0); /* v1 again: t-2 removed */
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.alerts_closed, 1);
	sql_exec(s, "UPDATE customer_keys SET keys = X'4B00' WHERE customer_id ="
	            " (SELECT id FROM customers WHERE ref = 'TARGET')");
	assert_int_equal(lk_store_import(s, l2, NULL), 0); /* and back */
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 1);
	assert_true(has_alert(s, "TARGET", "t-2", r.run_id)); /* re-opened */
	lk_buf got, want;
	lk_buf_init(&got, 0);
	lk_buf_init(&want, 0);
	const char *t[] = {"Xaver Quendolin Brightwater"};
	assert_true(stored_keys(s, "TARGET", &got));
	expected_keys(&want, t, 1);
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.ptr, want.ptr, want.len);
	lk_buf_dispose(&got);
	lk_buf_dispose(&want);

	lk_audit_verify_result v;
	assert_int_equal(lk_audit_verify(s, &v), 0);
	assert_true(v.ok);
	lk_store_close(s);
	free_list(l1);
	free_list(l2);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monitor_keys__blob_holds_the_index_postings),
		cmocka_unit_test(test_monitor_keys__reader_refuses_bad_blobs),
		cmocka_unit_test(test_monitor_keys__follow_customer_changes),
		cmocka_unit_test(test_monitor_keys__delta_ranks_by_rare_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

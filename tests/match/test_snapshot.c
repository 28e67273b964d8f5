/*
 * test_snapshot.c - the index snapshot: an index loaded from it screens exactly like one built
 * from the store, and a stale, foreign or damaged snapshot is never used.
 */
#include "lk_test.h"
#include "match/match_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
	char *dir;
	char db[4200];
	lk_store *st;
} fixture;

static void import_path(lk_store *st, const char *rel)
{
	const char *p = lk_test_data(rel);
	lk_list *l;
	assert_int_equal(lk_list_parse(&l, &p, 1, NULL), 0);
	assert_int_equal(lk_store_import(st, l, NULL), 0);
	lk_list_free(l);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->dir = lk_test_tmpdir();
	snprintf(f->db, sizeof f->db, "%s/lookout.db", f->dir);
	assert_int_equal(lk_store_open(&f->st, f->db), 0);
	import_path(f->st, "lists/un/un_consolidated_20260227.xml");
	import_path(f->st, "lists/ofac/cons-2025-12-19");
	{
		/* names in Cyrillic, Arabic and Hangul: their tokens carry the longest strings a
		 * snapshot holds (a Cyrillic syllable's set of Korean keys) */
		const char *p = lk_test_fixture("lists/ftm_scripts.json");
		lk_list *l;
		assert_int_equal(lk_list_parse(&l, &p, 1, NULL), 0);
		assert_int_equal(lk_store_import(f->st, l, NULL), 0);
		lk_list_free(l);
	}
	lk_match__snapshot_set_build_id("0123456789abcdef");
	unsetenv("LOOKOUT_INDEX_CACHE");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lk_match__snapshot_set_build_id(NULL);
	lk_store_close(f->st);
	lk_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Everything a screening answer shows, as text: ids, scores, matches and explanations. */
static char *screen_text(const lk_index *ix, const char *name, const char *birth,
                         const char *ident)
{
	lk_query q = LK_QUERY_INIT;
	q.names = &name;
	q.nnames = name ? 1 : 0;
	q.birth_dates = &birth;
	q.nbirth_dates = birth ? 1 : 0;
	q.identifiers = &ident;
	q.nidentifiers = ident ? 1 : 0;
	q.limit = 20;
	lk_match_results *r;
	lk_buf b;
	lk_buf_init(&b, 0);
	if (lk_match_screen(&r, ix, &q) != 0) {
		lk_buf_printf(&b, "error %s", lk_error_last()->message);
		return lk_buf_detach(&b);
	}
	lk_buf_printf(&b, "candidates %zu\n", r->candidates);
	for (size_t i = 0; i < r->count; i++) {
		lk_buf_printf(&b, "%s %.6f %d ", r->items[i].entity->id, r->items[i].score,
		              r->items[i].match);
		assert_int_equal(lk_explanation_to_json(&r->items[i].explanation, &b), 0);
		lk_buf_putc(&b, '\n');
	}
	lk_match_results_free(r);
	return lk_buf_detach(&b);
}

/* The two indexes hold the same entities and give the same answers. */
static void assert_same(const lk_index *a, const lk_index *b)
{
	lk_index_stats sa, sb;
	lk_index_stats_get(a, &sa);
	lk_index_stats_get(b, &sb);
	assert_int_equal(sa.entities, sb.entities);
	assert_int_equal(sa.names, sb.names);
	assert_int_equal(sa.keys, sb.keys);
	assert_int_equal(sa.postings, sb.postings);
	assert_int_equal(sa.identifiers, sb.identifiers);
	lk_buf ja, jb;
	lk_buf_init(&ja, 0);
	lk_buf_init(&jb, 0);
	for (size_t i = 0; i < lk_index_count(a); i++) {
		const lk_entity *ea = lk_index_entity(a, i), *eb = lk_index_entity(b, i);
		lk_buf_clear(&ja);
		lk_buf_clear(&jb);
		assert_int_equal(lk_entity_to_json(ea, &ja), 0);
		assert_int_equal(lk_entity_to_json(eb, &jb), 0);
		assert_string_equal(lk_buf_cstr(&ja), lk_buf_cstr(&jb));
		assert_ptr_equal(lk_index_get(b, ea->id), eb);
	}
	lk_buf_dispose(&ja);
	lk_buf_dispose(&jb);

	static const char *const names[] = {"Kim Jong Un", "Ким Чен Ын", "Al-Qaida",
	                                    "Abu Bakr al Baghdadi", "Korea Mining Development",
	                                    "Sergej Lawrow", "mohamed", "Ri Yong Ho", "김정은",
	                                    "Tariq Anwar al-Sayyid Ahmad", "Ким Чжон Ын",
	                                    "بيلوسوف", "Цой Рён Хэ",
	                                    "Kim Jong Chol"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(names); i++) {
		char *ta = screen_text(a, names[i], i % 2 ? "1983-01-08" : NULL, NULL);
		char *tb = screen_text(b, names[i], i % 2 ? "1983-01-08" : NULL, NULL);
		assert_string_equal(ta, tb);
		free(ta);
		free(tb);
	}
	/* The captions of a sample of listed entities, and their identifiers. */
	for (size_t i = 0; i < lk_index_count(a); i += 37) {
		const lk_entity *e = lk_index_entity(a, i);
		const char *ident = NULL;
		for (size_t v = 0; v < e->nvalues && !ident; v++)
			if (lk_prop_kind_of(e->values[v].prop) == LK_KIND_IDENT)
				ident = e->values[v].value;
		char *ta = screen_text(a, e->caption, NULL, ident);
		char *tb = screen_text(b, e->caption, NULL, ident);
		assert_string_equal(ta, tb);
		free(ta);
		free(tb);
	}
}

static lk_index *load(lk_store *st, unsigned flags, lk_index_origin expect)
{
	lk_index *ix = NULL;
	assert_int_equal(lk_index_load_or_build(&ix, st, flags), 0);
	if (lk_index_origin_of(ix) != expect)
		fail_msg("origin %d, expected %d (%s)", (int)lk_index_origin_of(ix), (int)expect,
		         lk_index_snapshot_note(ix));
	return ix;
}

static void test_match_snapshot__loaded_index_screens_like_built(void **state)
{
	fixture *f = *state;
	lk_index *built = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
	assert_string_equal(lk_index_snapshot_note(built), "no snapshot");
	/* Nothing saved without being asked. */
	lk_index *again = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
	lk_index_unref(again);
	assert_int_equal(lk_index_save_snapshot(built, f->st), 0);
	lk_index *loaded = load(f->st, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	assert_string_equal(lk_index_snapshot_note(loaded), "");
	assert_same(built, loaded);
	/* Saving an index that came from the snapshot writes nothing and is fine. */
	assert_int_equal(lk_index_save_snapshot(loaded, f->st), 0);
	lk_index_unref(loaded);

	/* A second store handle (another process) sees it too. */
	lk_store *other;
	assert_int_equal(lk_store_open(&other, f->db), 0);
	loaded = load(other, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	assert_same(built, loaded);
	lk_index_unref(loaded);
	/* Switched off: built, and nothing is read. */
	loaded = load(other, LK_INDEX_NO_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	lk_index_unref(loaded);
	setenv("LOOKOUT_INDEX_CACHE", "off", 1);
	loaded = load(other, 0, LK_INDEX_ORIGIN_STORE);
	unsetenv("LOOKOUT_INDEX_CACHE");
	lk_index_unref(loaded);
	lk_store_close(other);
	lk_index_unref(built);
}

static void test_match_snapshot__changed_lists_invalidate(void **state)
{
	fixture *f = *state;
	lk_index *ix = load(f->st, LK_INDEX_SAVE_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	lk_index_unref(ix);
	ix = load(f->st, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	lk_index_unref(ix);

	/* Another version of a list becomes active: the snapshot is stale. */
	import_path(f->st, "lists/uk/hmt_ConList_20160212_sample.csv");
	lk_index *fresh;
	assert_int_equal(lk_index_build_from_store(&fresh, f->st), 0);
	ix = load(f->st, LK_INDEX_SAVE_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	assert_string_equal(lk_index_snapshot_note(ix),
	                    "snapshot is for other lists or another build");
	assert_int_equal(lk_index_count(ix), lk_index_count(fresh));
	lk_index_unref(ix);
	/* ... and was replaced by the new one, which is the index of the new lists. */
	ix = load(f->st, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	assert_same(fresh, ix);
	lk_index_unref(ix);

	/* Another writer holding the lock: the save gives up soon instead of waiting. */
	assert_int_equal(lk_index_snapshot_clear(f->st), 0);
	ix = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(lk_index_save_snapshot(ix, f->st), LK_EBUSY);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_false(lk_store_in_transaction(f->st));
	assert_int_equal(lk_index_save_snapshot(ix, f->st), 0);
	lk_index_unref(ix);
	ix = load(f->st, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	lk_index_unref(ix);

	/* An index built before a change is not saved after it (it would be stale at once). */
	assert_int_equal(lk_index_snapshot_clear(f->st), 0);
	lk_index *old = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
	import_path(f->st, "lists/uk/ofsi_ConList_sample_2020.csv");
	assert_int_equal(lk_index_save_snapshot(old, f->st), 0);
	lk_index_unref(old);
	ix = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
	assert_string_equal(lk_index_snapshot_note(ix), "no snapshot");
	lk_index_unref(ix);
	lk_index_unref(fresh);
}

static void test_match_snapshot__other_build_is_ignored(void **state)
{
	fixture *f = *state;
	lk_index *built = load(f->st, LK_INDEX_SAVE_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	lk_match__snapshot_set_build_id("fedcba9876543210");
	lk_index *ix = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
	assert_string_equal(lk_index_snapshot_note(ix),
	                    "snapshot is for other lists or another build");
	lk_index_unref(ix);
	/* A library without a build id neither reads nor writes snapshots. */
	lk_match__snapshot_set_build_id("");
	ix = load(f->st, LK_INDEX_SAVE_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	assert_non_null(strstr(lk_index_snapshot_note(ix), "no GNU build id"));
	lk_index_unref(ix);
	lk_match__snapshot_set_build_id("0123456789abcdef");
	ix = load(f->st, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	assert_same(built, ix);
	lk_index_unref(ix);
	lk_index_unref(built);
}

/* The stored snapshot bytes (malloc'd) and its key, through SQLite directly. */
static unsigned char *read_blob(const char *db, size_t *len, char **key)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT data, key FROM index_snapshot", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*len = (size_t)sqlite3_column_bytes(st, 0);
	unsigned char *p = malloc(*len ? *len : 1);
	memcpy(p, sqlite3_column_blob(st, 0), *len);
	*key = strdup((const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return p;
}

static void write_blob(const char *db, const unsigned char *p, size_t len)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE index_snapshot SET data = ?1", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob64(st, 1, p, len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void test_match_snapshot__damaged_blob_falls_back_to_build(void **state)
{
	fixture *f = *state;
	lk_index *built = load(f->st, LK_INDEX_SAVE_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	size_t len;
	char *key;
	unsigned char *good = read_blob(f->db, &len, &key);
	assert_true(len > 4096);
	unsigned char *bad = malloc(len);

	/* Flipped bytes in the header, the key, the pool, the records and the last byte. */
	const size_t at[] = {0, 9, 20, 30, 40, 80, 200, len / 3, len / 2, len - 1};
	for (size_t i = 0; i < LK_ARRAY_SIZE(at); i++) {
		memcpy(bad, good, len);
		bad[at[i]] ^= 0x5a;
		write_blob(f->db, bad, len);
		lk_index *ix = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
		assert_non_null(strstr(lk_index_snapshot_note(ix), "rejected"));
		if (i == 0 || i == LK_ARRAY_SIZE(at) - 1)
			assert_same(built, ix);
		lk_index_unref(ix);
	}
	/* Truncated, and empty. */
	const size_t cut[] = {len - 1, len / 2, 71, 8, 0};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cut); i++) {
		write_blob(f->db, good, cut[i]);
		lk_index *ix = load(f->st, 0, LK_INDEX_ORIGIN_STORE);
		assert_non_null(strstr(lk_index_snapshot_note(ix), "rejected"));
		lk_index_unref(ix);
	}
	/* A rebuild with the snapshot asked for replaces the damaged one. */
	lk_index *ix = load(f->st, LK_INDEX_SAVE_SNAPSHOT, LK_INDEX_ORIGIN_STORE);
	lk_index_unref(ix);
	ix = load(f->st, 0, LK_INDEX_ORIGIN_SNAPSHOT);
	assert_same(built, ix);
	lk_index_unref(ix);

	/* Without the checksum the reader still refuses what it cannot trust: every single-byte
	 * change is either rejected or gives an index that screens without faults. */
	for (size_t pos = 0; pos < len; pos += len / 97 + 1) {
		memcpy(bad, good, len);
		bad[pos] ^= 0xff;
		lk_index *r = NULL;
		if (lk_match__snapshot_read(&r, bad, len, key, false) == 0) {
			char *t = screen_text(r, "Kim Jong Un", NULL, NULL);
			free(t);
			lk_index_unref(r);
		}
	}
	assert_int_equal(lk_match__snapshot_read(&ix, good, len, key, true), 0);
	lk_index_unref(ix);
	assert_int_equal(lk_match__snapshot_read(&ix, good, len, "another key", true), LK_EINVALID);
	free(bad);
	free(good);
	free(key);
	lk_index_unref(built);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_match_snapshot__loaded_index_screens_like_built,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_snapshot__changed_lists_invalidate, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_match_snapshot__other_build_is_ignored, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_match_snapshot__damaged_blob_falls_back_to_build,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_index.c - building the screening index from the store and from lists; lifetime.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_match_index__from_store_equals_from_lists(void **state)
{
	(void)state;
	char *dir = lk_test_tmpdir();
	char db[4200];
	snprintf(db, sizeof db, "%s/lookout.db", dir);
	const char *paths[2] = {lk_test_data("lists/un/un_consolidated_20260227.xml"),
	                        lk_test_data("lists/ofac/cons-2025-12-19")};
	lk_list *lists[2];
	lk_store *st;
	assert_int_equal(lk_store_open(&st, db), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(lk_list_parse(&lists[i], &paths[i], 1, NULL), 0);
		assert_int_equal(lk_store_import(st, lists[i], NULL), 0);
	}
	lk_index *a, *b;
	assert_int_equal(lk_index_build_from_store(&a, st), 0);
	assert_int_equal(lk_index_build_from_lists(&b, (const lk_list *const *)lists, 2), 0);
	lk_store_close(st);
	for (int i = 0; i < 2; i++)
		lk_list_free(lists[i]);

	/* The index owns its entities: store and lists are gone. */
	assert_int_equal(lk_index_count(a), 1003 + 442);
	assert_int_equal(lk_index_count(b), lk_index_count(a));
	lk_index_stats sa, sb;
	lk_index_stats_get(a, &sa);
	lk_index_stats_get(b, &sb);
	assert_int_equal(sa.names, sb.names);
	assert_int_equal(sa.postings, sb.postings);
	assert_true(sa.identifiers > 0);
	const lk_entity *e = lk_index_get(a, "un-6908555");
	if (e) /* a DPRK entry of the 2026 list */
		assert_string_equal(e->source, "un_sc");
	assert_null(lk_index_get(a, "no-such-id"));
	for (size_t i = 0; i < lk_index_count(a); i++)
		assert_ptr_equal(lk_index_get(a, lk_index_entity(a, i)->id), lk_index_entity(a, i));

	/* Both indexes answer the same. */
	const char *name = "Kim Jong Un";
	lk_query q = LK_QUERY_INIT;
	q.names = &name;
	q.nnames = 1;
	lk_match_results *ra, *rb;
	assert_int_equal(lk_match_screen(&ra, a, &q), 0);
	assert_int_equal(lk_match_screen(&rb, b, &q), 0);
	assert_true(ra->count > 0);
	/* The strong results agree exactly (ties are broken by id). Far down the list, which
	 * weak candidates retrieval keeps may depend on the order entities were added in. */
	for (size_t i = 0; i < ra->count && ra->items[i].score >= 0.5; i++) {
		assert_true(i < rb->count);
		assert_string_equal(ra->items[i].entity->id, rb->items[i].entity->id);
		assert_true(ra->items[i].score == rb->items[i].score);
	}
	lk_match_results_free(ra);
	lk_match_results_free(rb);

	/* A reader's reference keeps the index alive after the owner lets go (index swap). */
	lk_index *reader = lk_index_ref(a);
	lk_index_unref(a);
	assert_int_equal(lk_match_screen(&ra, reader, &q), 0);
	lk_match_results_free(ra);
	lk_index_unref(reader);
	lk_index_unref(b);
	lk_index_unref(NULL);
	lk_test_rmtree(dir);
	free(dir);
}

static void test_match_index__sources_filter_results(void **state)
{
	(void)state;
	const char *p = lk_test_data("lists/un/un_consolidated_20260227.xml");
	lk_list *l;
	assert_int_equal(lk_list_parse(&l, &p, 1, NULL), 0);
	lk_index *ix;
	assert_int_equal(lk_index_build_from_lists(&ix, (const lk_list *const *)&l, 1), 0);
	lk_list_free(l);
	const char *name = "Kim Jong Un", *src = "ofac_sdn";
	lk_query q = LK_QUERY_INIT;
	q.names = &name;
	q.nnames = 1;
	q.sources = &src;
	q.nsources = 1;
	lk_match_results *r;
	assert_int_equal(lk_match_screen(&r, ix, &q), 0);
	assert_int_equal(r->count, 0); /* nothing of that source in this index */
	lk_match_results_free(r);
	src = "un_sc";
	assert_int_equal(lk_match_screen(&r, ix, &q), 0);
	for (size_t i = 0; i < r->count; i++)
		assert_string_equal(r->items[i].entity->source, "un_sc");
	lk_match_results_free(r);
	lk_index_unref(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_index__from_store_equals_from_lists),
		cmocka_unit_test(test_match_index__sources_filter_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

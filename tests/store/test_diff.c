/*
 * test_diff.c - diffs: lk_entity_json_diff() on hand-written documents, and lk_store_diff()
 * between hand-built versions with exact expectations.
 */
#include "store_fixture.h"

/* Diff two documents and check the result against the expected names (NULL-terminated). */
static void expect_props(const char *a, const char *b, const char *const *want)
{
	char **got = NULL;
	size_t n = 0;
	int rc = lk_entity_json_diff(a, b, &got, &n);
	if (rc != 0)
		fail_msg("lk_entity_json_diff: %s", lk_error_last()->message);
	size_t nwant = 0;
	while (want[nwant])
		nwant++;
	if (n != nwant) {
		for (size_t i = 0; i < n; i++)
			print_message("got: %s\n", got[i]);
		fail_msg("expected %zu changed properties, got %zu", nwant, n);
	}
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(got[i], want[i]);
		free(got[i]);
	}
	free(got);
}

#define NONE ((const char *const[]){NULL})
#define PROPS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_diff__json_value_order_is_not_a_change(void **state)
{
	expect_props("{\"schema\":\"Person\",\"properties\":{\"alias\":[\"A\",\"B\",\"C\"]}}",
	             "{\"schema\":\"Person\",\"properties\":{\"alias\":[\"C\",\"A\",\"B\"]}}", NONE);
}

static void test_diff__json_provenance_caption_and_id_are_not_compared(void **state)
{
	expect_props("{\"id\":\"x-1\",\"schema\":\"Person\",\"caption\":\"A\","
	             "\"properties\":{\"name\":[\"A\",\"B\"]},"
	             "\"provenance\":{\"name\":[\"f:1\",\"f:2\"]}}",
	             "{\"id\":\"x-2\",\"schema\":\"Person\",\"caption\":\"B\","
	             "\"properties\":{\"name\":[\"B\",\"A\"]},"
	             "\"provenance\":{\"name\":[\"f:9\",\"\"]}}",
	             NONE);
}

static void test_diff__json_reports_each_changed_property_sorted(void **state)
{
	expect_props("{\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"],\"notes\":[\"n\"],"
	             "\"birthDate\":[\"1960\"],\"program\":[\"SDGT\"]}}",
	             "{\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"],\"notes\":[\"n2\"],"
	             "\"birthDate\":[\"1960\",\"1961\"],\"address\":[\"Here\"]}}",
	             PROPS("address", "birthDate", "notes", "program"));
}

static void test_diff__json_schema_change_is_reported(void **state)
{
	expect_props("{\"schema\":\"Organization\",\"properties\":{\"name\":[\"A\"]}}",
	             "{\"schema\":\"Company\",\"properties\":{\"name\":[\"A\"]}}", PROPS("schema"));
	expect_props("{\"properties\":{\"name\":[\"A\"]}}",
	             "{\"schema\":\"Company\",\"properties\":{\"name\":[\"A\"]}}", PROPS("schema"));
}

static void test_diff__json_absent_and_empty_property_are_equal(void **state)
{
	expect_props("{\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"],\"alias\":[]}}",
	             "{\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}", NONE);
	expect_props("{\"schema\":\"Person\"}",
	             "{\"schema\":\"Person\",\"properties\":{\"alias\":[]}}", NONE);
	expect_props("{\"schema\":\"Person\"}",
	             "{\"schema\":\"Person\",\"properties\":{\"alias\":[\"X\"]}}", PROPS("alias"));
}

static void test_diff__json_values_are_multisets(void **state)
{
	/* same set, different multiplicity: a change */
	expect_props("{\"properties\":{\"alias\":[\"A\",\"A\",\"B\"]}}",
	             "{\"properties\":{\"alias\":[\"A\",\"B\",\"B\"]}}", PROPS("alias"));
	/* a string and a number that print alike are different values */
	expect_props("{\"properties\":{\"tonnage\":[\"1\"]}}", "{\"properties\":{\"tonnage\":[1]}}",
	             PROPS("tonnage"));
	/* a lone scalar is a one-value list */
	expect_props("{\"properties\":{\"name\":\"A\"}}", "{\"properties\":{\"name\":[\"A\"]}}",
	             NONE);
}

static void test_diff__json_invalid_documents_are_errors(void **state)
{
	char **out = (char **)1;
	size_t n = 7;
	assert_int_equal(lk_entity_json_diff("{\"properties\":", "{}", &out, &n), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "first"));
	assert_null(out);
	assert_int_equal(n, 0);
	assert_int_equal(lk_entity_json_diff("{}", "[1,2]", &out, &n), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "second"));
	assert_int_equal(lk_entity_json_diff("{}", "", &out, &n), LK_EINVALID);
	assert_int_equal(lk_entity_json_diff("{}", "{}", &out, &n), 0);
	assert_int_equal(n, 0);
	free(out);
}

/*
 * v1: a (removed in v2), b (identical), c (name and birth date change), d (same values,
 *     other order and other provenance), f (schema changes)
 * v2: b, c, d, f, e (added)
 */
static lk_list *v1(void)
{
	lk_list *l = tl_new("src", "v1");
	tl_add(l, LK_SCHEMA_PERSON, "a", LK_PROP_NAME, "Alpha", -1);
	tl_add(l, LK_SCHEMA_PERSON, "b", LK_PROP_NAME, "Bravo", LK_PROP_BIRTH_DATE, "1950", -1);
	tl_add(l, LK_SCHEMA_PERSON, "c", LK_PROP_NAME, "Charlie", LK_PROP_BIRTH_DATE, "1960",
	       LK_PROP_PROGRAM, "SDGT", -1);
	tl_add(l, LK_SCHEMA_PERSON, "d", LK_PROP_NAME, "Delta@sdn.csv:4", LK_PROP_ALIAS,
	       "D1@alt.csv:10", LK_PROP_ALIAS, "D2@alt.csv:11", -1);
	tl_add(l, LK_SCHEMA_ORGANIZATION, "f", LK_PROP_NAME, "Foxtrot Ltd", -1);
	return l;
}

static lk_list *v2(void)
{
	lk_list *l = tl_new("src", "v2");
	tl_add(l, LK_SCHEMA_PERSON, "e", LK_PROP_NAME, "Echo", -1);
	tl_add(l, LK_SCHEMA_PERSON, "d", LK_PROP_NAME, "Delta@sdn.csv:5", LK_PROP_ALIAS,
	       "D2@alt.csv:20", LK_PROP_ALIAS, "D1@alt.csv:21", -1);
	tl_add(l, LK_SCHEMA_PERSON, "c", LK_PROP_NAME, "Charlie", LK_PROP_NAME, "Charles",
	       LK_PROP_BIRTH_DATE, "1961", LK_PROP_PROGRAM, "SDGT", -1);
	tl_add(l, LK_SCHEMA_PERSON, "b", LK_PROP_NAME, "Bravo", LK_PROP_BIRTH_DATE, "1950", -1);
	tl_add(l, LK_SCHEMA_COMPANY, "f", LK_PROP_NAME, "Foxtrot Ltd", -1);
	return l;
}

static void assert_diff_v1_v2(const lk_diff *d, int64_t from, int64_t to)
{
	assert_string_equal(d->source, "src");
	assert_int_equal(d->from_version, from);
	assert_int_equal(d->to_version, to);
	assert_int_equal(d->nadded, 1);
	assert_string_equal(d->added[0], "t-e");
	assert_int_equal(d->nremoved, 1);
	assert_string_equal(d->removed[0], "t-a");
	assert_int_equal(d->nchanged, 2);
	assert_string_equal(d->changed[0].id, "t-c");
	assert_int_equal(d->changed[0].nprops, 2);
	assert_string_equal(d->changed[0].props[0], "birthDate");
	assert_string_equal(d->changed[0].props[1], "name");
	assert_string_equal(d->changed[1].id, "t-f");
	assert_int_equal(d->changed[1].nprops, 1);
	assert_string_equal(d->changed[1].props[0], "schema");
	/* b is byte-identical; d differs only in value order and provenance */
	assert_int_equal(d->unchanged, 2);
}

static void test_diff__two_latest_versions_exact(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = v1(), *b = v2();
	lk_import_result r1 = ts_import(s, a), r2 = ts_import(s, b);
	lk_diff *d = NULL;
	assert_int_equal(lk_store_diff(&d, s, "src", 0, 0), 0);
	assert_diff_v1_v2(d, r1.version_id, r2.version_id);
	lk_diff_free(d);

	/* explicit versions give the same; source may be omitted then */
	assert_int_equal(lk_store_diff(&d, s, NULL, r1.version_id, r2.version_id), 0);
	assert_diff_v1_v2(d, r1.version_id, r2.version_id);
	lk_diff_free(d);

	/* reversed: added and removed swap */
	assert_int_equal(lk_store_diff(&d, s, "src", r2.version_id, r1.version_id), 0);
	assert_int_equal(d->nadded, 1);
	assert_string_equal(d->added[0], "t-a");
	assert_int_equal(d->nremoved, 1);
	assert_string_equal(d->removed[0], "t-e");
	assert_int_equal(d->nchanged, 2);
	lk_diff_free(d);

	/* a version against itself: nothing */
	assert_int_equal(lk_store_diff(&d, s, "src", r1.version_id, r1.version_id), 0);
	assert_int_equal(d->nadded + d->nremoved + d->nchanged, 0);
	assert_int_equal(d->unchanged, 5);
	lk_diff_free(d);
	tl_free(a);
	tl_free(b);
	ts_close(s, dir);
}

static void test_diff__latest_follows_import_order_after_reactivation(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_list *a = v1(), *b = v2();
	lk_import_result r1 = ts_import(s, a), r2 = ts_import(s, b);
	assert_true(ts_import(s, a).reactivated);
	/* The latest change was v2 -> v1. */
	lk_diff *d = NULL;
	assert_int_equal(lk_store_diff(&d, s, "src", 0, 0), 0);
	assert_int_equal(d->from_version, r2.version_id);
	assert_int_equal(d->to_version, r1.version_id);
	assert_int_equal(d->nadded, 1);
	assert_string_equal(d->added[0], "t-a");
	lk_diff_free(d);
	/* An unchanged import is not an import that changed anything. */
	assert_true(ts_import(s, a).unchanged);
	assert_int_equal(lk_store_diff(&d, s, "src", 0, 0), 0);
	assert_int_equal(d->from_version, r2.version_id);
	lk_diff_free(d);
	tl_free(a);
	tl_free(b);
	ts_close(s, dir);
}

static void test_diff__missing_versions_are_not_found(void **state)
{
	char *dir;
	lk_store *s = ts_open(&dir);
	lk_diff *d = (lk_diff *)1;
	assert_int_equal(lk_store_diff(&d, s, "src", 0, 0), LK_ENOTFOUND);
	assert_null(d);
	assert_non_null(strstr(lk_error_last()->message, "no versions"));
	lk_list *a = v1(), *o = tl_new("other", "o");
	lk_import_result r1 = ts_import(s, a), ro = ts_import(s, o);
	assert_int_equal(lk_store_diff(&d, s, "src", 0, 0), LK_ENOTFOUND);
	assert_non_null(strstr(lk_error_last()->message, "only one version"));
	assert_int_equal(lk_store_diff(&d, s, "src", r1.version_id, 999), LK_ENOTFOUND);
	/* versions of different sources */
	assert_int_equal(lk_store_diff(&d, s, "src", r1.version_id, ro.version_id), LK_ENOTFOUND);
	assert_int_equal(lk_store_diff(&d, s, "other", r1.version_id, r1.version_id),
	                 LK_ENOTFOUND);
	assert_int_equal(lk_store_diff(&d, s, "src", r1.version_id, 0), LK_EINVALID);
	assert_null(d);
	lk_diff_free(NULL);
	tl_free(a);
	tl_free(o);
	ts_close(s, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff__json_value_order_is_not_a_change),
		cmocka_unit_test(test_diff__json_provenance_caption_and_id_are_not_compared),
		cmocka_unit_test(test_diff__json_reports_each_changed_property_sorted),
		cmocka_unit_test(test_diff__json_schema_change_is_reported),
		cmocka_unit_test(test_diff__json_absent_and_empty_property_are_equal),
		cmocka_unit_test(test_diff__json_values_are_multisets),
		cmocka_unit_test(test_diff__json_invalid_documents_are_errors),
		cmocka_unit_test(test_diff__two_latest_versions_exact),
		cmocka_unit_test(test_diff__latest_follows_import_order_after_reactivation),
		cmocka_unit_test(test_diff__missing_versions_are_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

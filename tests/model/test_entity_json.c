/*
 * test_entity_json.c - the canonical JSON of an entity: exact bytes, escaping of anything
 * UTF-8 can hold, round trips, FtM input (including the real FtM files), and bad input.
 */
#include "lk_test.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *to_json(const lk_entity *e)
{
	lk_buf b;
	lk_buf_init(&b, 0);
	assert_int_equal(lk_entity_to_json(e, &b), 0);
	return lk_buf_detach(&b);
}

static void test_model_entity_json__exact_canonical_form(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "ofac_sdn", "ofac", "35096");
	/* inserted out of property order: the JSON lists properties in LK_PROP_MAP order */
	assert_int_equal(lk_entity_add(e, a, LK_PROP_PROGRAM, "RUSSIA-EO14024", NULL), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_BIRTH_DATE, "1952-10-07", NULL), 0);
	const char *putin = "PUTIN, Vladimir Vladimirovich";
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NAME, putin, NULL), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NATIONALITY, "ru", NULL), 0);
	char *j = to_json(e);
	assert_string_equal(j, "{\"id\":\"ofac-35096\",\"schema\":\"Person\","
	                       "\"caption\":\"PUTIN, Vladimir Vladimirovich\","
	                       "\"source\":\"ofac_sdn\","
	                       "\"native_id\":\"35096\",\"properties\":{"
	                       "\"name\":[\"PUTIN, Vladimir Vladimirovich\"],"
	                       "\"birthDate\":[\"1952-10-07\"],\"nationality\":[\"ru\"],"
	                       "\"program\":[\"RUSSIA-EO14024\"]}}");
	free(j);

	/* provenance: per property with a known origin, one entry per value, "" if unknown */
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "PUTIN, Vladimir", "alt.csv:7"), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "Vova", NULL), 0);
	j = to_json(e);
	assert_non_null(strstr(j, ",\"provenance\":{\"alias\":[\"alt.csv:7\",\"\"]}}"));
	assert_non_null(strstr(j, "\"alias\":[\"PUTIN, Vladimir\",\"Vova\"]"));
	free(j);

	/* an entity without source or caption */
	lk_entity *f = lk_entity_new(a, LK_SCHEMA_VESSEL, NULL, NULL, "v1");
	j = to_json(f);
	assert_string_equal(j, "{\"id\":\"v1\",\"schema\":\"Vessel\",\"caption\":null,"
	                       "\"source\":null,\"native_id\":\"v1\",\"properties\":{}}");
	free(j);
	lk_arena_free(a);
}

static void test_model_entity_json__escaping_and_round_trip(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "un_sc", "un", "KPi.033");
	const char *names[] = {
		"\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80",                  /* 김정은 */
		"\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",              /* Путин */
		"\xD8\xA3\xD8\xB3\xD8\xA7\xD9\x85\xD8\xA9",              /* أسامة */
		"quote \" back\\slash / slash",
		"ctrl \x01\x02\x1F\x7F bell\a esc\x1B",
		"emoji \xF0\x9F\x9A\xA2 ship",
		"zero\xE2\x80\x8Bwidth", /* U+200B is kept (it is no space) */
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(names); i++)
		assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, names[i], "x\"\x01y"), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NOTES, "tab\tand\nnewline", NULL), 0);
	char *j = to_json(e);
	assert_true(lk_utf8_valid(j, strlen(j), NULL));
	assert_non_null(strstr(j, "ctrl \\u0001\\u0002\\u001f\x7F bell\\u0007 esc\\u001b"));
	assert_non_null(strstr(j, "quote \\\" back\\\\slash / slash"));

	/* jansson reads it, with the same strings */
	json_error_t err;
	json_t *root = json_loads(j, 0, &err);
	assert_non_null(root);
	json_t *alias = json_object_get(json_object_get(root, "properties"), "alias");
	assert_int_equal(json_array_size(alias), LK_ARRAY_SIZE(names));
	for (size_t i = 0; i < LK_ARRAY_SIZE(names); i++)
		assert_string_equal(json_string_value(json_array_get(alias, i)), names[i]);
	json_decref(root);

	/* our reader gives the same entity, and the same bytes again */
	lk_entity *back = NULL;
	assert_int_equal(lk_entity_from_json(&back, a, j, strlen(j)), 0);
	assert_string_equal(back->id, "un-kpi.033");
	assert_string_equal(back->native_id, "KPi.033");
	assert_string_equal(back->source, "un_sc");
	assert_int_equal(back->schema, LK_SCHEMA_PERSON);
	assert_int_equal(back->nvalues, e->nvalues);
	assert_string_equal(back->values[0].origin, "x\"\x01y");
	char *j2 = to_json(back);
	assert_string_equal(j2, j);
	free(j2);
	free(j);
	lk_arena_free(a);
}

static void test_model_entity_json__invalid_utf8_still_gives_valid_json(void **state)
{
	(void)state;
	/* lk_entity_add never stores invalid UTF-8, but an entity can be built by hand */
	lk_value vals[2] = {{LK_PROP_NAME, "bad \xC3\x28 \xFF end", NULL},
	                    {LK_PROP_ALIAS, "cut \xE2\x82", "o\xFF"}};
	lk_entity e = {"id\xFE", "s", "n", LK_SCHEMA_PERSON, "bad \xC3\x28 \xFF end", vals, 2, 2};
	char *j = to_json(&e);
	assert_true(lk_utf8_valid(j, strlen(j), NULL));
	json_error_t err;
	json_t *root = json_loads(j, 0, &err);
	assert_non_null(root);
	json_decref(root);
	assert_non_null(strstr(j, "bad \\ufffd( \\ufffd end"));
	free(j);
}

static void test_model_entity_json__caption_and_order_survive(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	/* caption from a firstName added before an alias: kept through a round trip */
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "1");
	assert_int_equal(lk_entity_add(e, a, LK_PROP_FIRST_NAME, "Ali", NULL), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "Abu Ali", NULL), 0);
	char *j = to_json(e);
	lk_entity *back;
	assert_int_equal(lk_entity_from_json(&back, a, j, strlen(j)), 0);
	assert_string_equal(back->caption, "Ali");
	char *j2 = to_json(back);
	assert_string_equal(j, j2);
	free(j);
	free(j2);

	/* key order in the input does not matter */
	const char *x = "{\"schema\":\"Company\",\"properties\":{\"country\":[\"ru\"],"
	                "\"name\":[\"A\",\"B\"]},\"id\":\"c1\"}";
	const char *y = "{\"id\":\"c1\",\"properties\":{\"name\":[\"A\",\"B\"],"
	                "\"country\":[\"ru\"]},\"schema\":\"Company\"}";
	lk_entity *ex, *ey;
	assert_int_equal(lk_entity_from_json(&ex, a, x, strlen(x)), 0);
	assert_int_equal(lk_entity_from_json(&ey, a, y, strlen(y)), 0);
	j = to_json(ex);
	j2 = to_json(ey);
	assert_string_equal(j, j2);
	free(j);
	free(j2);
	lk_arena_free(a);
}

static void test_model_entity_json__ftm_object(void **state)
{
	(void)state;
	const char *ftm =
		"{\"id\": \"NK-abc\", \"schema\": \"Person\", \"caption\": \"Ivan Petrov\","
		" \"datasets\": [\"eu_fsf\"], \"referents\": [], \"first_seen\": \"2021-01-01\","
		" \"properties\": {\"name\": [\"Ivan Petrov\", \" Ivan  Petrov \"],"
		" \"wikidataId\": [\"Q1\"], \"birthDate\": [\"1960-01-02\"],"
		" \"nationality\": [\"ru\"], \"topics\": [\"sanction\"], \"notes\": [42, null],"
		" \"gender\": \"male\"}}";
	lk_arena *a = lk_arena_new(0);
	lk_entity *e;
	assert_int_equal(lk_entity_from_json(&e, a, ftm, strlen(ftm)), 0);
	assert_string_equal(e->id, "NK-abc");
	assert_string_equal(e->native_id, "NK-abc");
	assert_null(e->source);
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "Ivan Petrov");
	assert_int_equal(lk_entity_count(e, LK_PROP_NAME), 1); /* the second is a duplicate */
	assert_string_equal(lk_entity_first(e, LK_PROP_BIRTH_DATE), "1960-01-02");
	assert_string_equal(lk_entity_first(e, LK_PROP_TOPICS), "sanction");
	assert_string_equal(lk_entity_first(e, LK_PROP_GENDER), "male");
	assert_int_equal(lk_entity_count(e, LK_PROP_NOTES), 0); /* not strings */
	assert_int_equal(e->nvalues, 5);
	/* a schema we do not model */
	const char *addr = "{\"id\":\"a1\",\"schema\":\"Address\",\"properties\":{}}";
	assert_int_equal(lk_entity_from_json(&e, a, addr, strlen(addr)), 0);
	assert_int_equal(e->schema, LK_SCHEMA_UNKNOWN);
	lk_arena_free(a);
}

/* Every line of the real FtM files reads, and round-trips through our form. */
static void test_model_entity_json__real_ftm_files(void **state)
{
	(void)state;
	static const char *const files[] = {
		"lists/ftm/yente_fixture_t1_entities.ftm.json",
		"lists/ftm/yente_fixture_zala_entities.ftm.json",
		"lists/ftm/os_sa_wiki_peps_entities.ftm_20240314.json",
		"lists/ftm/yente_fixture_parteispenden_entities.ftm.json",
	};
	size_t lines = 0, persons = 0;
	for (size_t k = 0; k < LK_ARRAY_SIZE(files); k++) {
		size_t len;
		char *doc = lk_test_read_file(lk_test_data(files[k]), &len);
		lk_arena *a = lk_arena_new(0);
		for (char *p = doc; p < doc + len;) {
			char *nl = memchr(p, '\n', (size_t)(doc + len - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(doc + len - p);
			if (n > 0) {
				lk_entity *e;
				int rc = lk_entity_from_json(&e, a, p, n);
				if (rc)
					fail_msg("%s: line %zu: %s", files[k], lines + 1,
					         lk_error_last()->message);
				persons += e->schema == LK_SCHEMA_PERSON;
				char *j = to_json(e);
				lk_entity *back;
				assert_int_equal(lk_entity_from_json(&back, a, j, strlen(j)), 0);
				char *j2 = to_json(back);
				assert_string_equal(j, j2);
				free(j);
				free(j2);
				lines++;
			}
			p += n + 1;
		}
		lk_arena_free(a);
		free(doc);
	}
	/* t1 has 7 lines (README says 6 entities), zala 91, PEPs 1,583, donations 475 */
	assert_int_equal(lines, 7 + 91 + 1583 + 475);
	/* 615 + 22 + 4 + 6 Person objects; the rest are FtM schemas we do not screen (Family,
	 * Payment, Sanction, ...), read as LK_SCHEMA_UNKNOWN */
	assert_int_equal(persons, 647);
}

static void expect_invalid(const char *json, size_t len, int code)
{
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = (lk_entity *)1;
	assert_int_equal(lk_entity_from_json(&e, a, json, len), code);
	assert_null(e);
	assert_int_equal(lk_error_last()->code, code);
	assert_true(lk_error_last()->message[0] != 0);
	lk_arena_free(a);
}

static void test_model_entity_json__bad_input(void **state)
{
	(void)state;
	expect_invalid("", 0, LK_EINVALID);
	expect_invalid("{", 1, LK_EINVALID);
	expect_invalid("[1,2]", 5, LK_EINVALID);
	expect_invalid("{\"schema\":\"Person\"}", 19, LK_EINVALID);
	expect_invalid("{\"id\":5}", 8, LK_EINVALID);
	expect_invalid("{\"id\":\"\"}", 9, LK_EINVALID);
	expect_invalid("{\"id\":\"a\",\"properties\":[]}", 26, LK_EINVALID);
	expect_invalid("{\"id\":\"a\",\"id\":\"b\"}", 19, LK_EINVALID);
	expect_invalid("{\"id\":\"a\xFF\"}", 11, LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "entity_json"));
	/* deeply nested */
	char deep[5000];
	memset(deep, '[', sizeof deep);
	expect_invalid(deep, sizeof deep, LK_EINVALID);
	/* too big: refused before parsing */
	expect_invalid("{}", (16u << 20) + 1, LK_ETOOBIG);

	/* truncated at every byte: never accepted, never a crash */
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "1");
	const char *putin = "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD";
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NAME, putin, "o"), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_BIRTH_DATE, "1952", NULL), 0);
	char *j = to_json(e);
	size_t n = strlen(j);
	for (size_t cut = 0; cut < n; cut++) {
		lk_entity *t;
		assert_int_equal(lk_entity_from_json(&t, a, j, cut), LK_EINVALID);
	}
	free(j);
	lk_arena_free(a);
}

/* An arena cap makes from_json fail with ETOOBIG, not crash. */
static void test_model_entity_json__arena_cap(void **state)
{
	(void)state;
	const char *json = "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":"
	                   "[\"one name\",\"two name\",\"three name\",\"four name\"]}}";
	size_t ok = 0;
	for (size_t cap = 16; cap < 4096; cap += 16) {
		lk_arena *a = lk_arena_new(cap);
		lk_entity *e;
		int rc = lk_entity_from_json(&e, a, json, strlen(json));
		if (rc == 0) {
			ok++;
			assert_int_equal(e->nvalues, 4);
		} else {
			assert_int_equal(rc, LK_ETOOBIG);
		}
		lk_arena_free(a);
	}
	assert_true(ok > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_entity_json__exact_canonical_form),
		cmocka_unit_test(test_model_entity_json__escaping_and_round_trip),
		cmocka_unit_test(test_model_entity_json__invalid_utf8_still_gives_valid_json),
		cmocka_unit_test(test_model_entity_json__caption_and_order_survive),
		cmocka_unit_test(test_model_entity_json__ftm_object),
		cmocka_unit_test(test_model_entity_json__real_ftm_files),
		cmocka_unit_test(test_model_entity_json__bad_input),
		cmocka_unit_test(test_model_entity_json__arena_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

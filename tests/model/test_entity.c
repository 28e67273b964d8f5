/*
 * test_entity.c - schemas, properties, ids, and how values get into an entity: whitespace,
 * duplicates, captions, typed helpers, limits and out-of-memory behaviour.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_model_entity__schema_names_and_aliases(void **state)
{
	(void)state;
	assert_string_equal(lk_schema_name(LK_SCHEMA_PERSON), "Person");
	assert_string_equal(lk_schema_name(LK_SCHEMA_UNKNOWN), "Thing");
	assert_string_equal(lk_schema_name((lk_schema)999), "Thing");
	for (int s = 0; s < LK_SCHEMA__COUNT; s++)
		assert_int_equal(lk_schema_from_name(lk_schema_name((lk_schema)s)), s);
	assert_int_equal(lk_schema_from_name("Individual"), LK_SCHEMA_PERSON);
	assert_int_equal(lk_schema_from_name("Entity"), LK_SCHEMA_ORGANIZATION);
	assert_int_equal(lk_schema_from_name("Aircraft"), LK_SCHEMA_AIRPLANE);
	assert_int_equal(lk_schema_from_name("Ship"), LK_SCHEMA_VESSEL);
	assert_int_equal(lk_schema_from_name("person"), LK_SCHEMA_UNKNOWN); /* case-sensitive */
	assert_int_equal(lk_schema_from_name("Sanction"), LK_SCHEMA_UNKNOWN);
	assert_int_equal(lk_schema_from_name(NULL), LK_SCHEMA_UNKNOWN);
}

static void test_model_entity__schema_is_a(void **state)
{
	(void)state;
	assert_true(lk_schema_is_a(LK_SCHEMA_COMPANY, LK_SCHEMA_ORGANIZATION));
	assert_true(lk_schema_is_a(LK_SCHEMA_COMPANY, LK_SCHEMA_LEGAL_ENTITY));
	assert_true(lk_schema_is_a(LK_SCHEMA_PUBLIC_BODY, LK_SCHEMA_ORGANIZATION));
	assert_true(lk_schema_is_a(LK_SCHEMA_PERSON, LK_SCHEMA_LEGAL_ENTITY));
	assert_true(lk_schema_is_a(LK_SCHEMA_ORGANIZATION, LK_SCHEMA_LEGAL_ENTITY));
	assert_true(lk_schema_is_a(LK_SCHEMA_VESSEL, LK_SCHEMA_VESSEL));
	assert_true(lk_schema_is_a(LK_SCHEMA_VESSEL, LK_SCHEMA_UNKNOWN));
	assert_false(lk_schema_is_a(LK_SCHEMA_PERSON, LK_SCHEMA_ORGANIZATION));
	assert_false(lk_schema_is_a(LK_SCHEMA_ORGANIZATION, LK_SCHEMA_COMPANY));
	assert_false(lk_schema_is_a(LK_SCHEMA_LEGAL_ENTITY, LK_SCHEMA_PERSON));
	assert_false(lk_schema_is_a(LK_SCHEMA_VESSEL, LK_SCHEMA_LEGAL_ENTITY));
	assert_false(lk_schema_is_a(LK_SCHEMA_UNKNOWN, LK_SCHEMA_PERSON));
}

static void test_model_entity__property_table(void **state)
{
	(void)state;
	for (int p = 0; p < LK_PROP__COUNT; p++)
		assert_int_equal(lk_prop_from_name(lk_prop_name((lk_prop)p)), p);
	assert_string_equal(lk_prop_name(LK_PROP_BIRTH_DATE), "birthDate");
	assert_int_equal(lk_prop_from_name("imoNumber"), LK_PROP_IMO_NUMBER);
	assert_int_equal(lk_prop_from_name("wikidataId"), -1);
	assert_int_equal(lk_prop_from_name(NULL), -1);
	assert_int_equal(lk_prop_kind_of(LK_PROP_WEAK_ALIAS), LK_KIND_NAME);
	assert_int_equal(lk_prop_kind_of(LK_PROP_LISTING_DATE), LK_KIND_DATE);
	assert_int_equal(lk_prop_kind_of(LK_PROP_FLAG), LK_KIND_COUNTRY);
	assert_int_equal(lk_prop_kind_of(LK_PROP_MMSI), LK_KIND_IDENT);
	assert_int_equal(lk_prop_kind_of(LK_PROP_NOTES), LK_KIND_TEXT);
}

static void expect_id(lk_arena *a, const char *prefix, const char *native, const char *id)
{
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "src", prefix, native);
	assert_non_null(e);
	assert_string_equal(e->id, id);
	assert_string_equal(e->native_id, native);
}

static void test_model_entity__id_derivation(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	expect_id(a, "ofac", "35096", "ofac-35096");
	expect_id(a, "un", "KPi.033", "un-kpi.033");
	expect_id(a, "eu", "EU.36.64", "eu-eu.36.64");
	expect_id(a, "uk", "Group ID: 13349", "uk-group-id-13349");
	expect_id(a, "x", " a//b  c ", "x-a-b-c");
	expect_id(a, "x", "\xC3\x9Cn\xC3\xAF" "code", "x-n-code");
	/* FtM ids are ids already */
	expect_id(a, NULL, "NK-2Ykg4bqpsEZ6xrXAnGvGSn", "NK-2Ykg4bqpsEZ6xrXAnGvGSn");
	/* nothing left of the native id: a stable hash, distinct per native id */
	lk_entity *e1 = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "x", "\xD0\x98\xD0\xB2");
	lk_entity *e2 = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "x", "\xD0\x98\xD0\xB3");
	lk_entity *e3 = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "x", "\xD0\x98\xD0\xB2");
	assert_int_equal(strlen(e1->id), strlen("x-x") + 16);
	assert_string_not_equal(e1->id, e2->id);
	assert_string_equal(e1->id, e3->id);
	lk_entity *e4 = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "x", "");
	assert_int_equal(strncmp(e4->id, "x-x", 3), 0);
	assert_string_equal(e1->source, "s");
	assert_int_equal(e1->nvalues, 0);
	assert_null(e1->caption);
	lk_arena_free(a);
}

static void test_model_entity__whitespace_is_trimmed_and_collapsed(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "ofac_sdn", "ofac", "35096");
	const char *name = " \tPUTIN,\r\nVladimir\xC2\xA0\xC2\xA0Vladimirovich \n";
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NAME, name, NULL), 0);
	assert_string_equal(lk_entity_first(e, LK_PROP_NAME), "PUTIN, Vladimir Vladimirovich");
	/* white space only, empty and NULL values are not values */
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, " \t\xC2\xA0\xE3\x80\x80 ", NULL), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "", NULL), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, NULL, NULL), 0);
	assert_int_equal(lk_entity_count(e, LK_PROP_ALIAS), 0);
	/* a length-delimited value, not NUL-terminated, with a NUL inside */
	const char raw[] = "AB\0CD  EF!!!";
	assert_int_equal(lk_entity_addn(e, a, LK_PROP_NOTES, raw, 9, NULL), 0);
	assert_string_equal(lk_entity_first(e, LK_PROP_NOTES), "AB CD EF");
	/* invalid UTF-8 becomes U+FFFD; valid multi-byte text is kept */
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "Caf\xE9 \xD0\x9F\xD1\x83", NULL), 0);
	assert_string_equal(lk_entity_first(e, LK_PROP_ALIAS), "Caf\xEF\xBF\xBD \xD0\x9F\xD1\x83");
	lk_arena_free(a);
}

static void test_model_entity__duplicates_are_dropped(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "1");
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "ABU ZUBAIDA", "alt.csv:1"), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "  ABU  ZUBAIDA ", "alt.csv:2"), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "Abu Zubaida", NULL), 0);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_WEAK_ALIAS, "ABU ZUBAIDA", NULL), 0);
	assert_int_equal(lk_entity_count(e, LK_PROP_ALIAS), 2); /* exact duplicates only */
	assert_int_equal(lk_entity_count(e, LK_PROP_WEAK_ALIAS), 1);
	assert_int_equal(e->nvalues, 3);
	assert_string_equal(e->values[0].origin, "alt.csv:1"); /* the first one stays */
	assert_null(e->values[1].origin);
	assert_true(lk_entity_has(e, LK_PROP_ALIAS, "Abu Zubaida"));
	assert_false(lk_entity_has(e, LK_PROP_ALIAS, "abu zubaida"));
	assert_false(lk_entity_has(e, LK_PROP_NAME, "ABU ZUBAIDA"));
	assert_false(lk_entity_has(e, LK_PROP_ALIAS, NULL));
	assert_null(lk_entity_first(e, LK_PROP_NAME));
	assert_int_equal(lk_entity_count(e, LK_PROP_NAME), 0);
	lk_arena_free(a);
}

static void test_model_entity__caption_prefers_name(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "1");
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NOTES, "a note", NULL), 0);
	assert_null(e->caption);
	assert_int_equal(lk_entity_add(e, a, LK_PROP_ALIAS, "The Alias", NULL), 0);
	assert_string_equal(e->caption, "The Alias");
	assert_int_equal(lk_entity_add(e, a, LK_PROP_FIRST_NAME, "Vladimir", NULL), 0);
	assert_string_equal(e->caption, "The Alias");
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NAME, "Real Name", NULL), 0);
	assert_string_equal(e->caption, "Real Name");
	assert_int_equal(lk_entity_add(e, a, LK_PROP_NAME, "Second Name", NULL), 0);
	assert_string_equal(e->caption, "Real Name");
	lk_arena_free(a);
}

static void test_model_entity__typed_helpers(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "1");
	const lk_prop dob = LK_PROP_BIRTH_DATE;
	assert_int_equal(lk_entity_add_date(e, a, dob, "07 Oct 1952", "r", false), 0);
	assert_int_equal(lk_entity_add_date(e, a, dob, "1952-10-07", "r", false), 0);
	assert_int_equal(lk_entity_add_date(e, a, dob, "00/00/1933", NULL, false), 0);
	assert_int_equal(lk_entity_add_date(e, a, dob, "unknown", NULL, false), 0);
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 2);
	assert_true(lk_entity_has(e, LK_PROP_BIRTH_DATE, "1952-10-07"));
	assert_true(lk_entity_has(e, LK_PROP_BIRTH_DATE, "1933"));
	assert_int_equal(lk_entity_add_date(e, a, LK_PROP_DEATH_DATE, "unknown", NULL, true), 0);
	assert_string_equal(lk_entity_first(e, LK_PROP_DEATH_DATE), "unknown");

	assert_int_equal(lk_entity_add_country(e, a, LK_PROP_NATIONALITY, "Russia", NULL), 0);
	assert_int_equal(lk_entity_add_country(e, a, LK_PROP_NATIONALITY, "Russian Federation",
	                                       NULL), 0);
	assert_int_equal(lk_entity_add_country(e, a, LK_PROP_NATIONALITY, "Atlantis", NULL), 0);
	assert_int_equal(lk_entity_count(e, LK_PROP_NATIONALITY), 2);
	assert_string_equal(lk_entity_first(e, LK_PROP_NATIONALITY), "ru");
	assert_true(lk_entity_has(e, LK_PROP_NATIONALITY, "Atlantis"));

	/* "DOB 1961 to 1963": every year; a long span: its two ends */
	assert_int_equal(lk_entity_add_year_range(e, a, LK_PROP_BIRTH_DATE, 1961, 1963, NULL), 0);
	assert_true(lk_entity_has(e, LK_PROP_BIRTH_DATE, "1961"));
	assert_true(lk_entity_has(e, LK_PROP_BIRTH_DATE, "1962"));
	assert_true(lk_entity_has(e, LK_PROP_BIRTH_DATE, "1963"));
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 5);
	lk_entity *f = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "2");
	assert_int_equal(lk_entity_add_year_range(f, a, LK_PROP_BIRTH_DATE, 1970, 1960, NULL), 0);
	assert_int_equal(lk_entity_count(f, LK_PROP_BIRTH_DATE), 11); /* 10 years: all 11 */
	lk_entity *g = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "3");
	assert_int_equal(lk_entity_add_year_range(g, a, LK_PROP_BIRTH_DATE, 1900, 1950, NULL), 0);
	assert_int_equal(lk_entity_count(g, LK_PROP_BIRTH_DATE), 2);
	assert_string_equal(g->values[0].value, "1900");
	assert_string_equal(g->values[1].value, "1950");
	assert_int_equal(lk_entity_add_year_range(g, a, LK_PROP_BIRTH_DATE, 0, 1950, NULL),
	                 LK_EINVALID);
	lk_arena_free(a);
}

static void test_model_entity__many_values_grow_and_are_capped(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	lk_entity *e = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "1");
	char v[32];
	int rc = 0;
	size_t i;
	for (i = 0; i < 20000 && rc == 0; i++) {
		snprintf(v, sizeof v, "alias %zu", i);
		rc = lk_entity_add(e, a, LK_PROP_ALIAS, v, NULL);
	}
	assert_int_equal(rc, LK_ETOOBIG);
	assert_int_equal(e->nvalues, 8192);
	assert_string_equal(e->values[8191].value, "alias 8191");
	assert_non_null(strstr(lk_error_last()->message, "values"));
	/* a value over the size limit */
	size_t big = (1u << 20) + 1;
	char *s = malloc(big);
	memset(s, 'x', big);
	lk_entity *f = lk_entity_new(a, LK_SCHEMA_PERSON, "s", "t", "2");
	assert_int_equal(lk_entity_addn(f, a, LK_PROP_NOTES, s, big, NULL), LK_ETOOBIG);
	assert_int_equal(lk_entity_addn(f, a, LK_PROP_NOTES, s, big - 1, NULL), 0);
	assert_int_equal(strlen(f->values[0].value), big - 1);
	free(s);
	lk_arena_free(a);
}

/* An arena with a cap: adding fails with ETOOBIG at some point, never crashes, and the entity
 * stays consistent (every value it claims to have is readable). Tried at every cap size. */
static void test_model_entity__arena_cap_fails_cleanly(void **state)
{
	(void)state;
	size_t failures = 0;
	for (size_t cap = 0; cap <= 6000; cap += 16) {
		lk_arena *a = lk_arena_new(cap ? cap : 1);
		assert_non_null(a);
		lk_entity *e = lk_entity_new(a, LK_SCHEMA_VESSEL, "ofac_sdn", "ofac", "46114");
		if (!e) {
			assert_true(lk_error_last()->code == LK_ETOOBIG);
			lk_arena_free(a);
			failures++;
			continue;
		}
		int rc = 0;
		char v[64];
		for (int i = 0; i < 40 && rc == 0; i++) {
			snprintf(v, sizeof v, "vessel name number %d", i);
			rc = lk_entity_add(e, a, i % 3 ? LK_PROP_PREVIOUS_NAME : LK_PROP_NAME, v,
			                   "sdn.csv:12");
		}
		if (rc != 0) {
			assert_true(rc == LK_ETOOBIG || rc == LK_ENOMEM);
			failures++;
		}
		assert_true(e->nvalues <= e->cap_values);
		for (size_t i = 0; i < e->nvalues; i++)
			assert_non_null(strstr(e->values[i].value, "vessel name number"));
		if (e->caption)
			assert_non_null(strstr(e->caption, "vessel name number"));
		lk_buf b;
		lk_buf_init(&b, 0);
		assert_int_equal(lk_entity_to_json(e, &b), 0);
		lk_buf_dispose(&b);
		lk_arena_free(a);
	}
	assert_true(failures > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_entity__schema_names_and_aliases),
		cmocka_unit_test(test_model_entity__schema_is_a),
		cmocka_unit_test(test_model_entity__property_table),
		cmocka_unit_test(test_model_entity__id_derivation),
		cmocka_unit_test(test_model_entity__whitespace_is_trimmed_and_collapsed),
		cmocka_unit_test(test_model_entity__duplicates_are_dropped),
		cmocka_unit_test(test_model_entity__caption_prefers_name),
		cmocka_unit_test(test_model_entity__typed_helpers),
		cmocka_unit_test(test_model_entity__many_values_grow_and_are_capped),
		cmocka_unit_test(test_model_entity__arena_cap_fails_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_ftm_json.c - the FollowTheMoney JSON lines parser on the real files, folding of
 * Sanction / Passport / Identification / Address / Occupancy records, and broken input.
 *
 * Expected counts were computed from the raw files with a throwaway Python script
 * (json.loads per non-empty line, Counter over "schema"):
 *   yente_fixture_zala_entities.ftm.json:   91 records; Person 6, Company 11 (kept);
 *       Sanction 41, Address 11, Passport 1 (folded); Ownership 14, Family 4, Directorship 3.
 *   yente_fixture_t1_entities.ftm.json:      7 records; Person 4, Organization 2, Address 1;
 *       every record in dataset eu_fsf.
 *   yente_fixture_parteispenden_entities.ftm.json: 475 records; Person 22, Organization 18,
 *       Company 56; Address 89, Payment 290; no datasets.
 *   os_sa_wiki_peps_entities.ftm_20240314.json: 1,583 records; Person 615, Position 101,
 *       Occupancy 103 (no "post"), Family 764; every record in dataset sa_wiki_peps_v2.
 * Programs of ZAKHAROV (NK-aU5ybkbRFJucf8YMwsJvDw): the union over the 13 Sanction records
 * naming him of "program" + "programId" (or "authority" where a Sanction has neither), plus
 * his own programId values: 16 distinct values; LLC CST (NK-abdzbEBkqyT29GyREbiURZ): 28.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZALA "lists/ftm/yente_fixture_zala_entities.ftm.json"
#define T1 "lists/ftm/yente_fixture_t1_entities.ftm.json"
#define PARTEI "lists/ftm/yente_fixture_parteispenden_entities.ftm.json"
#define PEPS "lists/ftm/os_sa_wiki_peps_entities.ftm_20240314.json"

static lk_list *parse_path(const char *path)
{
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	if (rc)
		fail_msg("%s: %s", path, lk_error_last()->message);
	assert_non_null(l);
	assert_int_equal(l->format, LK_FORMAT_FTM_JSON);
	return l;
}

static const lk_entity *entity(const lk_list *l, const char *id)
{
	const lk_entity *e = lk_list_find_native(l, id);
	if (!e)
		fail_msg("no entity %s", id);
	assert_string_equal(e->id, id); /* FtM ids are kept unchanged */
	return e;
}

static void assert_has(const lk_entity *e, lk_prop p, const char *v)
{
	if (!lk_entity_has(e, p, v))
		fail_msg("%s: no %s \"%s\"", e->id, lk_prop_name(p), v);
}

static bool has_warning(const lk_list *l, const char *text)
{
	for (size_t i = 0; i < l->nwarnings; i++)
		if (strstr(l->warnings[i], text))
			return true;
	return false;
}

static void test_lists_ftm__counts_per_file_and_schema(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		size_t total, person, org, company;
		const char *source;
	} cases[] = {
		{ZALA, 17, 6, 0, 11, "ftm"},
		{T1, 6, 4, 2, 0, "ftm_eu_fsf"},
		{PARTEI, 96, 22, 18, 56, "ftm"},
		{PEPS, 615, 615, 0, 0, "ftm_sa_wiki_peps_v2"},
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cases); i++) {
		lk_list *l = parse_path(lk_test_data(cases[i].path));
		size_t counts[LK_SCHEMA__COUNT];
		lk_list_count_schemas(l, counts);
		assert_int_equal(l->count, cases[i].total);
		assert_int_equal(counts[LK_SCHEMA_PERSON], cases[i].person);
		assert_int_equal(counts[LK_SCHEMA_ORGANIZATION], cases[i].org);
		assert_int_equal(counts[LK_SCHEMA_COMPANY], cases[i].company);
		/* The source is the dataset when the file's entities name exactly one. */
		assert_string_equal(l->source, cases[i].source);
		lk_list_free(l);
	}
}

static void test_lists_ftm__source_option_wins_over_dataset(void **state)
{
	(void)state;
	lk_parse_opts opts = LK_PARSE_OPTS_INIT;
	opts.source = "my_peps";
	lk_list *l = NULL;
	const char *paths[1] = {lk_test_data(PEPS)};
	assert_int_equal(lk_list_parse(&l, paths, 1, &opts), 0);
	assert_string_equal(l->source, "my_peps");
	assert_string_equal(l->entities[0]->source, "my_peps");
	lk_list_free(l);
}

static void test_lists_ftm__facts_of_entities(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(ZALA));
	const lk_entity *e = entity(l, "NK-aU5ybkbRFJucf8YMwsJvDw");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "Alexander Vyacheslavovich ZAKHAROV");
	assert_has(e, LK_PROP_NAME, "Aleksandr Vyacheslavovich Zakharov");
	assert_has(e, LK_PROP_BIRTH_DATE, "1965-09-21");
	assert_has(e, LK_PROP_NATIONALITY, "ru");
	assert_has(e, LK_PROP_INN_CODE, "183111242406");
	assert_has(e, LK_PROP_LAST_NAME, "ZAKHAROV");
	assert_int_equal(e->values[0].prop, LK_PROP_NAME);
	/* Provenance: file and line of the record. */
	assert_string_equal(e->values[0].origin, "yente_fixture_zala_entities.ftm.json:11");
	/* Unknown properties are dropped and listed; other schemas are counted. */
	assert_true(has_warning(l, "skipped 14 Ownership, 4 Family, 3 Directorship records"));
	assert_true(has_warning(l, "uniqueEntityId"));
	lk_list_free(l);

	l = parse_path(lk_test_data(PEPS));
	e = entity(l, "Q100158039");
	/* The FtM caption stays the caption when it is one of the names. */
	assert_string_equal(e->caption, "Yusuf");
	assert_has(e, LK_PROP_NAME, "Yusuf ibn Rashed Al Sheikh Mubarak");
	assert_has(e, LK_PROP_BIRTH_DATE, "1900-12-21");
	assert_has(e, LK_PROP_GENDER, "male");
	assert_has(e, LK_PROP_NATIONALITY, "sa");
	assert_true(has_warning(l, "skipped 764 Family records"));
	assert_true(has_warning(l, "wikidataId"));
	lk_list_free(l);

	l = parse_path(lk_test_data(T1));
	e = entity(l, "NK-2GdmHtZTeNXjNVrBGEXZNj");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(e->caption, "RAB \xE2\x80\x9EInter Tobacco\xE2\x80\x9C");
	assert_has(e, LK_PROP_COUNTRY, "by");
	/* Its addressEntity is not in the file: reported, not invented. */
	assert_null(lk_entity_first(e, LK_PROP_ADDRESS));
	assert_true(has_warning(l, "2 Address"));
	lk_list_free(l);
}

static void test_lists_ftm__sanctions_and_addresses_are_folded(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(ZALA));
	const lk_entity *e = entity(l, "NK-aU5ybkbRFJucf8YMwsJvDw");
	assert_int_equal(lk_entity_count(e, LK_PROP_PROGRAM), 16);
	assert_has(e, LK_PROP_PROGRAM, "RUSSIA-EO14024");
	assert_has(e, LK_PROP_PROGRAM, "GB-RUS");
	assert_has(e, LK_PROP_PROGRAM, "The Russia (Sanctions) (EU Exit) Regulations 2019");
	/* A Sanction without program names its authority instead. */
	assert_has(e, LK_PROP_PROGRAM, "The Insolvency Service");
	assert_has(e, LK_PROP_LISTING_DATE, "2025-02-24");
	e = entity(l, "NK-abdzbEBkqyT29GyREbiURZ");
	assert_int_equal(lk_entity_count(e, LK_PROP_PROGRAM), 28);
	assert_has(e, LK_PROP_PROGRAM, "Autonomous (Russia)");
	/* Sanction records are not entities. */
	for (size_t i = 0; i < l->count; i++)
		assert_true(l->entities[i]->schema == LK_SCHEMA_PERSON ||
		            l->entities[i]->schema == LK_SCHEMA_COMPANY);
	lk_list_free(l);

	l = parse_path(lk_test_data(PARTEI));
	e = entity(l, "f9c295f21b233ac878fbac4d271bb6fd13d7952a");
	assert_string_equal(e->caption, "Frau Lina Dachner");
	assert_has(e, LK_PROP_ADDRESS, "Schillerstra\xC3\x9F" "e 19, 76135 Karlsruhe");
	assert_has(e, LK_PROP_COUNTRY, "de");
	assert_true(has_warning(l, "skipped 290 Payment records"));
	lk_list_free(l);
}

/* Folded records before and after their entity, in one buffer. */
static const char FOLDS[] =
	"{\"id\":\"s1\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"p1\"],"
	"\"program\":[\"DPRK3\"],\"authority\":[\"OFAC\"],\"listingDate\":[\"2017-09-26\"]}}\n"
	"{\"id\":\"pp1\",\"schema\":\"Passport\",\"properties\":{\"holder\":[\"p1\"],"
	"\"number\":[\"745110203\"]}}\n"
	"\n"
	"{\"id\":\"a1\",\"schema\":\"Address\",\"properties\":{\"street\":[\"Kumsong-dong\"],"
	"\"city\":[\"Pyongyang\"],\"country\":[\"kp\"]}}\n"
	"{\"id\":\"p1\",\"schema\":\"Person\",\"caption\":\"Ri Song Hyok\",\"datasets\":[\"test_ds\"],"
	"\"properties\":{\"name\":[\"RI Song Hyok\",\"Ri Song Hyok\"],\"addressEntity\":[\"a1\"],"
	"\"birthDate\":[\"1965-03-19\"],\"modifiedAt\":[\"2024-03-13T06:53:02\"],"
	"\"programId\":[\"US-DPRK\"],\"wikidataId\":[\"Q1\"]}}\r\n"
	"{\"id\":\"i1\",\"schema\":\"Identification\",\"properties\":{\"holder\":[\"p1\"],"
	"\"number\":[\"KP-123\"],\"type\":[\"National ID\"]}}\n"
	"{\"id\":\"o1\",\"schema\":\"Occupancy\",\"properties\":{\"holder\":[\"p1\"],"
	"\"post\":[\"pos1\"]}}\n"
	"{\"id\":\"pos1\",\"schema\":\"Position\",\"properties\":{\"name\":[\"Trade representative\"]}}\n"
	"{\"id\":\"s2\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"v1\"],"
	"\"authority\":[\"UN Security Council\"]}}\n"
	"{\"id\":\"v1\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"ASIA BRIDGE 1\"],"
	"\"imoNumber\":[\"8916293\"]}}\n"
	"{\"id\":\"s3\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"missing\"],"
	"\"program\":[\"X\"]}}\n"
	"{\"id\":\"f1\",\"schema\":\"Family\",\"properties\":{\"person\":[\"p1\"]}}\n";

static void test_lists_ftm__folds_before_and_after_the_entity(void **state)
{
	(void)state;
	lk_list *l = NULL;
	assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_FTM_JSON, "folds.json", FOLDS,
	                                      strlen(FOLDS), NULL), 0);
	assert_int_equal(l->count, 2);
	assert_string_equal(l->source, "ftm_test_ds");
	const lk_entity *e = entity(l, "p1");
	assert_string_equal(e->caption, "Ri Song Hyok");
	assert_has(e, LK_PROP_PROGRAM, "DPRK3");
	assert_has(e, LK_PROP_PROGRAM, "US-DPRK");
	assert_false(lk_entity_has(e, LK_PROP_PROGRAM, "OFAC")); /* it had a program */
	assert_has(e, LK_PROP_LISTING_DATE, "2017-09-26");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "745110203");
	assert_has(e, LK_PROP_ID_NUMBER, "KP-123");
	assert_has(e, LK_PROP_ADDRESS, "Kumsong-dong, Pyongyang, kp");
	assert_has(e, LK_PROP_POSITION, "Trade representative");
	assert_has(e, LK_PROP_MODIFIED_AT, "2024-03-13");
	/* Folded values carry the line of the record they came from. */
	for (size_t i = 0; i < e->nvalues; i++)
		if (e->values[i].prop == LK_PROP_PASSPORT_NUMBER)
			assert_string_equal(e->values[i].origin, "folds.json:2");
	e = entity(l, "v1");
	assert_int_equal(e->schema, LK_SCHEMA_VESSEL);
	assert_has(e, LK_PROP_PROGRAM, "UN Security Council");
	assert_has(e, LK_PROP_IMO_NUMBER, "8916293");
	assert_true(has_warning(l, "1 Sanction"));
	assert_true(has_warning(l, "skipped 1 Family records"));
	assert_true(has_warning(l, "wikidataId (1)"));
	lk_list_free(l);
}

/* ---- bad input ---- */

static void expect_buffer_error(const char *data, size_t len, int code, const char *what,
                                long line)
{
	lk_list *l = (lk_list *)1;
	int rc = lk_list_parse_buffer(&l, LK_FORMAT_FTM_JSON, "bad.json", data, len, NULL);
	const lk_error *err = lk_error_last();
	if (rc != code)
		fail_msg("got %d (%s), expected %d", rc, err->message, code);
	assert_null(l);
	if (!strstr(err->message, "bad.json") || !strstr(err->message, what))
		fail_msg("message \"%s\" lacks \"bad.json\" or \"%s\"", err->message, what);
	if (line > 0) {
		char at[32];
		snprintf(at, sizeof at, "line %ld:", line);
		if (!strstr(err->message, at))
			fail_msg("message \"%s\" does not name line %ld", err->message, line);
	}
}

static void test_lists_ftm__truncated_file_names_the_line(void **state)
{
	(void)state;
	size_t n;
	char *data = lk_test_read_file(lk_test_data(ZALA), &n);
	/* Line 50 starts at byte 100,012 and is 1,898 bytes long: cut it at several places. */
	static const size_t cuts[] = {100013, 100112, 101000, 101909};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cuts); i++)
		expect_buffer_error(data, cuts[i], LK_ETRUNCATED, "truncated JSON", 50);

	/* Through lk_list_parse on a file, too. */
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/cut.ftm.json", dir);
	lk_test_write_file(path, data, 100112);
	lk_list *l = (lk_list *)1;
	const char *paths[1] = {path};
	assert_int_equal(lk_list_parse(&l, paths, 1, NULL), LK_ETRUNCATED);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "cut.ftm.json: line 50:"));
	lk_test_rmtree(dir);
	free(dir);
	free(data);
}

static void test_lists_ftm__invalid_utf8_names_the_line(void **state)
{
	(void)state;
	size_t n;
	char *data = lk_test_read_file(lk_test_data(T1), &n);
	/* Line 3 starts after the first two lines (1,438 + 925 bytes plus newlines). */
	size_t at = 1439 + 926 + 150;
	data[at] = (char)0xFF;
	expect_buffer_error(data, n, LK_EENCODING, "invalid UTF-8", 3);
	/* An overlong encoding of '/' and a lone continuation byte, too. */
	const char *overlong =
		"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xC0\xAF\"]}}\n";
	expect_buffer_error(overlong, strlen(overlong), LK_EENCODING, "invalid UTF-8", 1);
	const char *lone = "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"\x80\"}\n";
	expect_buffer_error(lone, strlen(lone), LK_EENCODING, "invalid UTF-8", 2);
	free(data);
}

static void test_lists_ftm__not_json_and_arrays_are_errors(void **state)
{
	(void)state;
	const char *not_json = "{\"id\":\"a\",\"schema\":\"Person\"}\nhello, world\n";
	expect_buffer_error(not_json, strlen(not_json), LK_EINVALID, "not JSON", 2);
	const char *array = "[{\"id\":\"a\",\"schema\":\"Person\"},{\"id\":\"b\",\"schema\":\"Person\"}]";
	expect_buffer_error(array, strlen(array), LK_EINVALID, "JSON array", 1);
	const char *pretty = "[\n  {\"id\": \"a\", \"schema\": \"Person\"}\n]\n";
	expect_buffer_error(pretty, strlen(pretty), LK_EINVALID, "JSON array", 1);
	const char *scalar = "{\"id\":\"a\",\"schema\":\"Person\"}\n42\n";
	expect_buffer_error(scalar, strlen(scalar), LK_EINVALID, "expected a JSON object", 2);
	const char *no_id = "{\"schema\":\"Person\",\"properties\":{}}\n";
	expect_buffer_error(no_id, strlen(no_id), LK_EINVALID, "\"id\"", 1);
	const char *no_schema = "{\"id\":\"x\",\"properties\":{}}\n";
	expect_buffer_error(no_schema, strlen(no_schema), LK_EINVALID, "\"schema\"", 1);
	const char *bad_props = "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":[1]}\n";
	expect_buffer_error(bad_props, strlen(bad_props), LK_EINVALID, "\"properties\"", 1);
	/* Two objects on one line are not JSON lines either. */
	const char *two = "{\"id\":\"a\",\"schema\":\"Person\"} {\"id\":\"b\",\"schema\":\"Person\"}\n";
	expect_buffer_error(two, strlen(two), LK_EINVALID, "not JSON", 1);

	/* A JSON array file is not even recognised as FtM by content. */
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/array.json", dir);
	lk_test_write_file(path, array, strlen(array));
	lk_list *l = (lk_list *)1;
	const char *paths[1] = {path};
	assert_true(lk_list_parse(&l, paths, 1, NULL) < 0);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "array.json"));
	lk_test_rmtree(dir);
	free(dir);
}

static void test_lists_ftm__empty_input_is_an_error(void **state)
{
	(void)state;
	expect_buffer_error("", 0, LK_EINVALID, "empty file", 0);
	expect_buffer_error("\n\r\n  \n", 6, LK_EINVALID, "empty file", 0);
	/* A byte-order mark before the first line is not an error. */
	const char bom[] = "\xEF\xBB\xBF{\"id\":\"a\",\"schema\":\"Person\",\"properties\":"
	                   "{\"name\":[\"A B\"]}}\n";
	lk_list *ok = NULL;
	assert_int_equal(lk_list_parse_buffer(&ok, LK_FORMAT_FTM_JSON, "bom.json", bom,
	                                      strlen(bom), NULL), 0);
	assert_int_equal(ok->count, 1);
	lk_list_free(ok);
	/* Only records that are not entities: parsed, but no list. */
	const char *only = "{\"id\":\"f\",\"schema\":\"Family\",\"properties\":{}}\n";
	lk_list *l = (lk_list *)1;
	assert_true(lk_list_parse_buffer(&l, LK_FORMAT_FTM_JSON, "bad.json", only, strlen(only),
	                                 NULL) < 0);
	assert_null(l);
}

static void test_lists_ftm__a_20_mb_line_is_refused(void **state)
{
	(void)state;
	const char head[] = "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"";
	const char tail[] = "\"]}}\n";
	size_t body = (size_t)20 << 20;
	size_t n = strlen(head) + body + strlen(tail);
	char *data = malloc(n);
	assert_non_null(data);
	memcpy(data, head, strlen(head));
	memset(data + strlen(head), 'a', body);
	memcpy(data + strlen(head) + body, tail, strlen(tail));
	expect_buffer_error(data, n, LK_ETOOBIG, "line longer than", 1);

	/* Through a file, with a good line before it: the error names line 2. */
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/big.ftm.json", dir);
	const char good[] = "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n";
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(good, 1, strlen(good), f), strlen(good));
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	lk_list *l = (lk_list *)1;
	const char *paths[1] = {path};
	assert_int_equal(lk_list_parse(&l, paths, 1, NULL), LK_ETOOBIG);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "big.ftm.json: line 2:"));
	lk_test_rmtree(dir);
	free(dir);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_ftm__counts_per_file_and_schema),
		cmocka_unit_test(test_lists_ftm__source_option_wins_over_dataset),
		cmocka_unit_test(test_lists_ftm__facts_of_entities),
		cmocka_unit_test(test_lists_ftm__sanctions_and_addresses_are_folded),
		cmocka_unit_test(test_lists_ftm__folds_before_and_after_the_entity),
		cmocka_unit_test(test_lists_ftm__truncated_file_names_the_line),
		cmocka_unit_test(test_lists_ftm__invalid_utf8_names_the_line),
		cmocka_unit_test(test_lists_ftm__not_json_and_arrays_are_errors),
		cmocka_unit_test(test_lists_ftm__empty_input_is_an_error),
		cmocka_unit_test(test_lists_ftm__a_20_mb_line_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_un_xml.c - the UN Security Council Consolidated List XML parser, through the public
 * lk_list_parse() / lk_list_parse_buffer(), on the real 2026 list and the 2016 sample, and on
 * damaged and hostile input (truncation, bad UTF-8, entity bombs, empty files, wrong root).
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UN_2026 "lists/un/un_consolidated_20260227.xml"
#define UN_2016 "lists/un/un_consolidated_20160211_sample.xml"

static lk_list *parse_rel(const char *rel)
{
	lk_list *l = NULL;
	const char *paths[1] = {lk_test_data(rel)};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	if (rc != 0)
		fail_msg("parse %s: %s", rel, lk_error_last()->message);
	return l;
}

static const lk_entity *entity(const lk_list *l, const char *dataid)
{
	const lk_entity *e = lk_list_find_native(l, dataid);
	if (!e)
		fail_msg("no entity with DATAID %s", dataid);
	return e;
}

static void assert_has(const lk_entity *e, lk_prop p, const char *v)
{
	if (!lk_entity_has(e, p, v))
		fail_msg("%s: no %s \"%s\"", e->id, lk_prop_name(p), v);
}

static void assert_not_has(const lk_entity *e, lk_prop p, const char *v)
{
	if (lk_entity_has(e, p, v))
		fail_msg("%s: unexpected %s \"%s\"", e->id, lk_prop_name(p), v);
}

/* The origin of the value (prop, v), or NULL. */
static const char *origin_of(const lk_entity *e, lk_prop p, const char *v)
{
	for (size_t i = 0; i < e->nvalues; i++)
		if (e->values[i].prop == p && strcmp(e->values[i].value, v) == 0)
			return e->values[i].origin ? e->values[i].origin : "";
	return NULL;
}

static int setup_2026(void **state)
{
	*state = parse_rel(UN_2026);
	return 0;
}

static int teardown_list(void **state)
{
	lk_list_free(*state);
	return 0;
}

/* ---- the 2026 list ---- */

static void test_lists_un__2026_counts_and_header(void **state)
{
	lk_list *l = *state;
	size_t c[LK_SCHEMA__COUNT] = {0};
	lk_list_count_schemas(l, c);
	assert_int_equal(l->format, LK_FORMAT_UN_XML);
	assert_string_equal(l->source, "un_sc");
	assert_int_equal(l->count, 1003);
	assert_int_equal(c[LK_SCHEMA_PERSON], 730);
	assert_int_equal(c[LK_SCHEMA_ORGANIZATION], 273);
	assert_non_null(l->published);
	assert_string_equal(l->published, "2026-02-27");
	assert_int_equal(l->nwarnings, 0);
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *e = l->entities[i];
		char id[64];
		snprintf(id, sizeof id, "un-%s", e->native_id);
		assert_string_equal(e->id, id);
		assert_non_null(e->caption);
		assert_int_equal(lk_entity_count(e, LK_PROP_PROGRAM), 1);
		assert_int_equal(lk_entity_count(e, LK_PROP_LISTING_DATE), 1);
	}
}

static void test_lists_un__dprk_entries_carry_the_dprk_regime(void **state)
{
	lk_list *l = *state;
	size_t dprk = 0, refs = 0;
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *e = l->entities[i];
		bool regime = lk_entity_has(e, LK_PROP_REGIME, "UN DPRK 1718");
		bool program = lk_entity_has(e, LK_PROP_PROGRAM, "UN DPRK 1718");
		assert_true(regime == program);
		dprk += regime;
		/* every reference number can be seen, as a note */
		for (size_t k = 0; k < e->nvalues; k++)
			if (e->values[k].prop == LK_PROP_NOTES &&
			    strncmp(e->values[k].value, "UN reference number: ", 21) == 0)
				refs++;
	}
	assert_int_equal(dprk, 155); /* README: DPRK 1718 regime 155 */
	assert_int_equal(refs, 1003);
}

static void test_lists_un__every_regime_prefix_is_mapped(void **state)
{
	lk_list *l = *state;
	static const struct {
		const char *dataid, *regime;
	} cases[] = {
		{"6907993", "UN DRC 1533"},       {"6908555", "UN DPRK 1718"},
		{"690735", "UN DPRK 1718"},       {"3012888", "UN ISIL (Da'esh) and Al-Qaida 1267"},
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cases); i++)
		assert_has(entity(l, cases[i].dataid), LK_PROP_REGIME, cases[i].regime);
	/* No record fell back to its UN_LIST_TYPE: every prefix in the file is in the table. */
	for (size_t i = 0; i < l->count; i++) {
		const char *r = lk_entity_first(l->entities[i], LK_PROP_REGIME);
		assert_non_null(r);
		assert_non_null(strpbrk(r, "0123456789"));
	}
}

static void test_lists_un__dprk_individual_with_passports(void **state)
{
	lk_list *l = *state;
	/* KPi.033 RI WON HO: family name first. */
	const lk_entity *e = entity(l, "6908555");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->id, "un-6908555");
	assert_string_equal(e->caption, "RI WON HO");
	assert_has(e, LK_PROP_LAST_NAME, "RI");
	assert_has(e, LK_PROP_FIRST_NAME, "WON HO");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "381310014");
	assert_has(e, LK_PROP_BIRTH_DATE, "1964-07-17");
	assert_has(e, LK_PROP_LISTING_DATE, "2016-11-30");
	assert_has(e, LK_PROP_POSITION, "DPRK Ministry of State Security Official");
	assert_has(e, LK_PROP_NATIONALITY, "kp");
	assert_has(e, LK_PROP_NOTES, "UN reference number: KPi.033");
	assert_string_equal(origin_of(e, LK_PROP_PROGRAM, "UN DPRK 1718"),
	                    "REFERENCE_NUMBER KPi.033");

	/* KPi.068 KIM TONG CHOL: two passports; the issuing country and dates stay visible. */
	e = entity(l, "6908645");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "927234267");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "108120258");
	const char *o = origin_of(e, LK_PROP_PASSPORT_NUMBER, "108120258");
	assert_non_null(strstr(o, "Democratic People's Republic of Korea"));
	assert_non_null(strstr(o, "2018-02-14"));
	assert_non_null(strstr(o, "expiration date 14 Feb. 2023"));
	assert_has(e, LK_PROP_ALIAS, "Kim Tong-ch'o'l");
	assert_has(e, LK_PROP_MODIFIED_AT, "2023-06-29");
	assert_has(e, LK_PROP_LAST_NAME, "KIM");
}

static void test_lists_un__dprk_entity(void **state)
{
	lk_list *l = *state;
	const lk_entity *e = entity(l, "690735");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(e->caption, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
	assert_has(e, LK_PROP_ALIAS, "KOMID"); /* written "KOMID" with quotes */
	assert_has(e, LK_PROP_ALIAS, "CHANGGWANG SINYONG CORPORATION");
	assert_has(e, LK_PROP_ADDRESS,
	           "Central District, Pyongyang, Democratic People's Republic of Korea");
	assert_has(e, LK_PROP_COUNTRY, "kp");
	assert_int_equal(lk_entity_count(e, LK_PROP_FIRST_NAME), 0);
}

static void test_lists_un__between_range_and_original_script(void **state)
{
	lk_list *l = *state;
	/* QDi.314: BETWEEN 1977 and 1982, never a day; the Arabic name is an alias. */
	const lk_entity *e = entity(l, "3012888");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 6);
	for (int y = 1977; y <= 1982; y++) {
		char buf[8];
		snprintf(buf, sizeof buf, "%d", y);
		assert_has(e, LK_PROP_BIRTH_DATE, buf);
	}
	assert_has(e, LK_PROP_ALIAS, "عبد الرحمن ولد العامر");
	assert_string_equal(origin_of(e, LK_PROP_ALIAS, "عبد الرحمن ولد العامر"),
	                    "NAME_ORIGINAL_SCRIPT");
	assert_has(e, LK_PROP_BIRTH_PLACE, "Tabankort, Mali");
	assert_has(e, LK_PROP_ADDRESS, "Gao, Mali");
	assert_has(e, LK_PROP_NATIONALITY, "ml");

	/* README: 378 entries with NAME_ORIGINAL_SCRIPT. */
	size_t ons = 0;
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *x = l->entities[i];
		for (size_t k = 0; k < x->nvalues; k++)
			if (x->values[k].origin && strcmp(x->values[k].origin, "NAME_ORIGINAL_SCRIPT") == 0)
				ons++;
	}
	assert_int_equal(ons, 378);
}

static void test_lists_un__alias_quality(void **state)
{
	lk_list *l = *state;
	/* CDi.003: QUALITY Low -> weakAlias, Good -> alias; GENDER Male -> "male". */
	const lk_entity *e = entity(l, "6907995");
	assert_has(e, LK_PROP_WEAK_ALIAS, "Rumuli");
	assert_not_has(e, LK_PROP_ALIAS, "Rumuli");
	assert_has(e, LK_PROP_ALIAS, "Victor Rumuri");
	assert_has(e, LK_PROP_GENDER, "male");
	assert_has(e, LK_PROP_FIRST_NAME, "GASTON");
	assert_has(e, LK_PROP_LAST_NAME, "IYAMUREMYE");
	assert_has(e, LK_PROP_BIRTH_DATE, "1948");
	assert_has(e, LK_PROP_BIRTH_PLACE, "Musanze District, Northern Province, Rwanda");
	assert_int_equal(lk_entity_count(e, LK_PROP_POSITION), 3);

	/* An alias noted "formerly listed as" is a previous name. */
	e = entity(l, "111796");
	assert_has(e, LK_PROP_PREVIOUS_NAME, "Mohamed Aouani");
	/* an alias's own date of birth is still a date of birth */
	assert_has(e, LK_PROP_BIRTH_DATE, "1970-02-05");
}

static void test_lists_un__exact_year_and_approximate_dates(void **state)
{
	lk_list *l = *state;
	const lk_entity *e = entity(l, "6907993"); /* EXACT, YEAR 1971 */
	assert_has(e, LK_PROP_BIRTH_DATE, "1971");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 1);
	e = entity(l, "6908006"); /* APPROXIMATELY, YEAR 1966 */
	assert_has(e, LK_PROP_BIRTH_DATE, "1966");
	/* No birth date anywhere has an invented day: all are ISO partial dates. */
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *x = l->entities[i];
		for (size_t k = 0; k < x->nvalues; k++) {
			if (x->values[k].prop != LK_PROP_BIRTH_DATE)
				continue;
			size_t n = strlen(x->values[k].value);
			assert_true(n == 4 || n == 7 || n == 10);
		}
	}
}

static void test_lists_un__document_numbers_out_of_prose(void **state)
{
	lk_list *l = *state;
	/* NUMBER "Diplomatic Passport: Z30321794": the number, with the text in the origin. */
	const lk_entity *e = entity(l, "110424");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "Z30321794");
	assert_non_null(strstr(origin_of(e, LK_PROP_PASSPORT_NUMBER, "Z30321794"),
	                       "Diplomatic Passport: Z30321794"));
	/* "National Identification Number" -> idNumber */
	e = entity(l, "6908042");
	assert_has(e, LK_PROP_ID_NUMBER, "423-31-3021");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "403062567");
}

/* ---- the 2016 sample ---- */

static void test_lists_un__2016_sample(void **state)
{
	(void)state;
	lk_list *l = parse_rel(UN_2016);
	size_t c[LK_SCHEMA__COUNT] = {0};
	lk_list_count_schemas(l, c);
	assert_int_equal(l->count, 239);
	assert_int_equal(c[LK_SCHEMA_PERSON], 130);
	assert_int_equal(c[LK_SCHEMA_ORGANIZATION], 109);
	assert_string_equal(l->published, "2016-02-11");
	/* Title case TYPE_OF_DATE and YEAR "1960-1962". */
	const lk_entity *e = entity(l, "110914");
	assert_has(e, LK_PROP_BIRTH_DATE, "1960");
	assert_has(e, LK_PROP_BIRTH_DATE, "1961");
	assert_has(e, LK_PROP_BIRTH_DATE, "1962");
	assert_has(e, LK_PROP_PREVIOUS_NAME, "Abdul Baqi"); /* "Abdul Baqi (previously listed as)" */
	/* Several names in one ALIAS_NAME, separated by ';'. */
	e = entity(l, "110404");
	assert_has(e, LK_PROP_ALIAS, "Mohammad Bakr Zolqadr");
	assert_has(e, LK_PROP_ALIAS, "Mohammad Baqer Zolqader");
	assert_has(e, LK_PROP_REGIME, "UN Iran 1737");
	lk_list_free(l);
}

/* ---- bad input ---- */

static int parse_buf(const char *name, const char *data, size_t len)
{
	lk_list *l = NULL;
	int rc = lk_list_parse_buffer(&l, LK_FORMAT_UN_XML, name, data, len, NULL);
	if (rc == 0)
		lk_list_free(l);
	else
		assert_null(l);
	return rc;
}

static void test_lists_un__truncated_input_is_an_error_with_file_and_line(void **state)
{
	(void)state;
	size_t n;
	char *data = lk_test_read_file(lk_test_data(UN_2026), &n);
	const size_t cuts[] = {1, 40, 100, 333, 4096, 77777, 500000, 1015310, n / 2 + 7, n - 20,
	                       n - 1};
	char *dir = lk_test_tmpdir();
	for (size_t i = 0; i < LK_ARRAY_SIZE(cuts); i++) {
		int rc = parse_buf("un_cut.xml", data, cuts[i]);
		if (rc != LK_EINVALID && rc != LK_ETRUNCATED)
			fail_msg("cut at %zu: rc %d (%s)", cuts[i], rc, lk_error_last()->message);
		assert_non_null(strstr(lk_error_last()->message, "un_cut.xml"));
		if (cuts[i] > 100)
			assert_true(lk_error_last()->line > 0);
	}
	/* The same through a file path, as `lookout lists import` does. */
	char path[4200];
	snprintf(path, sizeof path, "%s/un_consolidated.xml", dir);
	lk_test_copy_prefix(lk_test_data(UN_2026), path, n / 3);
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	assert_true(rc == LK_EINVALID || rc == LK_ETRUNCATED);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "un_consolidated.xml"));
	assert_non_null(strstr(lk_error_last()->message, "line"));
	lk_test_rmtree(dir);
	free(dir);
	free(data);
}

static void test_lists_un__invalid_utf8_is_an_encoding_error(void **state)
{
	(void)state;
	size_t n;
	char *data = lk_test_read_file(lk_test_data(UN_2026), &n);
	char *p = strstr(data, "<FIRST_NAME>FRANK KAKOLELE");
	assert_non_null(p);
	p[strlen("<FIRST_NAME>FR")] = (char)0xFF;
	int rc = parse_buf("un_bad_utf8.xml", data, n);
	assert_int_equal(rc, LK_EENCODING);
	assert_non_null(strstr(lk_error_last()->message, "un_bad_utf8.xml"));
	assert_true(lk_error_last()->line > 0);
	free(data);
}

static void test_lists_un__entity_expansion_bomb_is_refused_quickly(void **state)
{
	(void)state;
	static const char bomb[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE CONSOLIDATED_LIST [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		" <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		" <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
		" <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
		"]>\n"
		"<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:00Z\"><INDIVIDUALS><INDIVIDUAL>"
		"<DATAID>1</DATAID><FIRST_NAME>&i;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
		"</CONSOLIDATED_LIST>\n";
	int rc = parse_buf("un_bomb.xml", bomb, sizeof bomb - 1);
	assert_int_equal(rc, LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "un_bomb.xml"));
	/* Refused either at the DOCTYPE or, first, by libxml2's amplification guard. */
	const char *m = lk_error_last()->message;
	if (!strstr(m, "DOCTYPE") && !strstr(m, "entity"))
		fail_msg("unclear error for an entity bomb: %s", m);

	/* A harmless DOCTYPE is refused too: the official lists never have one. */
	static const char doctype[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [ <!ENTITY a \"x\"> ]>\n"
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
		"<FIRST_NAME>&a;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n";
	rc = parse_buf("un_doctype.xml", doctype, sizeof doctype - 1);
	assert_int_equal(rc, LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "DOCTYPE"));

	/* An external entity without a DOCTYPE cannot be declared, so it cannot be read. */
	static const char ext[] =
		"<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>"
		"<DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
		"</CONSOLIDATED_LIST>\n";
	rc = parse_buf("un_xxe.xml", ext, sizeof ext - 1);
	assert_true(rc < 0);
	assert_non_null(strstr(lk_error_last()->message, "un_xxe.xml"));
}

static void test_lists_un__empty_file_is_an_error(void **state)
{
	(void)state;
	int rc = parse_buf("un_empty.xml", "", 0);
	assert_true(rc < 0);
	assert_non_null(strstr(lk_error_last()->message, "un_empty.xml"));

	/* An empty file on disk: not recognised, and said so with its name. */
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/empty.xml", dir);
	lk_test_write_file(path, "", 0);
	lk_list *l = NULL;
	const char *paths[1] = {path};
	rc = lk_list_parse(&l, paths, 1, NULL);
	assert_true(rc < 0);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "empty.xml"));
	lk_test_rmtree(dir);
	free(dir);

	/* A well-formed list with no records is not a list version. */
	static const char none[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST "
	                           "dateGenerated=\"2026-01-01T00:00:00Z\"><INDIVIDUALS/>"
	                           "<ENTITIES/></CONSOLIDATED_LIST>\n";
	rc = parse_buf("un_none.xml", none, sizeof none - 1);
	assert_int_equal(rc, LK_EINVALID);
}

static void test_lists_un__wrong_root_element_is_refused(void **state)
{
	(void)state;
	static const char doc[] = "<?xml version=\"1.0\"?>\n<sdnList><sdnEntry><uid>1</uid>"
	                          "</sdnEntry></sdnList>\n";
	int rc = parse_buf("not_un.xml", doc, sizeof doc - 1);
	assert_int_equal(rc, LK_EFORMAT);
	assert_non_null(strstr(lk_error_last()->message, "not_un.xml"));
	assert_non_null(strstr(lk_error_last()->message, "CONSOLIDATED_LIST"));
}

static void test_lists_un__record_without_dataid_is_an_error(void **state)
{
	(void)state;
	static const char doc[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
	                          "<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>\n"
	                          "</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";
	int rc = parse_buf("un_noid.xml", doc, sizeof doc - 1);
	assert_int_equal(rc, LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "DATAID"));
	assert_non_null(strstr(lk_error_last()->message, "line 4"));
}

static void test_lists_un__unknown_regime_falls_back_with_a_warning(void **state)
{
	(void)state;
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST "
		"dateGenerated=\"2030-01-02T03:04:05Z\">\n<INDIVIDUALS>\n<INDIVIDUAL>"
		"<DATAID>42</DATAID><FIRST_NAME>JOHN</FIRST_NAME><SECOND_NAME>DOE</SECOND_NAME>"
		"<UN_LIST_TYPE>Atlantis</UN_LIST_TYPE><REFERENCE_NUMBER>ZZi.001</REFERENCE_NUMBER>"
		"<LISTED_ON>2030-01-01</LISTED_ON><GENDER>Unknown</GENDER>"
		"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973</NOTE>"
		"</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";
	lk_list *l = NULL;
	int rc = lk_list_parse_buffer(&l, LK_FORMAT_UN_XML, "un_new_regime.xml", doc,
	                              sizeof doc - 1, NULL);
	if (rc)
		fail_msg("%s", lk_error_last()->message);
	assert_string_equal(l->published, "2030-01-02");
	const lk_entity *e = entity(l, "42");
	assert_has(e, LK_PROP_PROGRAM, "UN Atlantis");
	assert_has(e, LK_PROP_REGIME, "UN Atlantis");
	assert_has(e, LK_PROP_BIRTH_DATE, "1973-11"); /* an EXACT date given only as a note */
	assert_int_equal(lk_entity_count(e, LK_PROP_GENDER), 0);
	assert_int_equal(l->nwarnings, 1);
	assert_non_null(strstr(l->warnings[0], "un_new_regime.xml"));
	assert_non_null(strstr(l->warnings[0], "ZZi.001"));
	lk_list_free(l);
}

int main(void)
{
	const struct CMUnitTest on_2026[] = {
		cmocka_unit_test(test_lists_un__2026_counts_and_header),
		cmocka_unit_test(test_lists_un__dprk_entries_carry_the_dprk_regime),
		cmocka_unit_test(test_lists_un__every_regime_prefix_is_mapped),
		cmocka_unit_test(test_lists_un__dprk_individual_with_passports),
		cmocka_unit_test(test_lists_un__dprk_entity),
		cmocka_unit_test(test_lists_un__between_range_and_original_script),
		cmocka_unit_test(test_lists_un__alias_quality),
		cmocka_unit_test(test_lists_un__exact_year_and_approximate_dates),
		cmocka_unit_test(test_lists_un__document_numbers_out_of_prose),
	};
	const struct CMUnitTest others[] = {
		cmocka_unit_test(test_lists_un__2016_sample),
		cmocka_unit_test(test_lists_un__truncated_input_is_an_error_with_file_and_line),
		cmocka_unit_test(test_lists_un__invalid_utf8_is_an_encoding_error),
		cmocka_unit_test(test_lists_un__entity_expansion_bomb_is_refused_quickly),
		cmocka_unit_test(test_lists_un__empty_file_is_an_error),
		cmocka_unit_test(test_lists_un__wrong_root_element_is_refused),
		cmocka_unit_test(test_lists_un__record_without_dataid_is_an_error),
		cmocka_unit_test(test_lists_un__unknown_regime_falls_back_with_a_warning),
	};
	int failed = cmocka_run_group_tests_name("un_xml_2026", on_2026, setup_2026, teardown_list);
	failed += cmocka_run_group_tests_name("un_xml", others, NULL, NULL);
	return failed;
}

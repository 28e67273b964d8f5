/*
 * test_ofac_xml.c - the OFAC sdnList XML parser, through the public lk_list_parse() /
 * lk_list_parse_buffer(): the real consolidated non-SDN list of 2023-03-08, a hand-written
 * sdn.xml-style fixture (person, vessel, aircraft, organisation), and damaged or hostile
 * input.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OFAC_CONS "lists/ofac/xml/consolidated_nonsdn_20230308.xml"
#define OFAC_FIXTURE "ofac/sdn_sample.xml"

static lk_list *parse_path(const char *path)
{
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	if (rc != 0)
		fail_msg("parse %s: %s", path, lk_error_last()->message);
	return l;
}

static const lk_entity *entity(const lk_list *l, const char *uid)
{
	const lk_entity *e = lk_list_find_native(l, uid);
	if (!e)
		fail_msg("no entity with uid %s", uid);
	return e;
}

static void assert_has(const lk_entity *e, lk_prop p, const char *v)
{
	if (!lk_entity_has(e, p, v))
		fail_msg("%s: no %s \"%s\"", e->id, lk_prop_name(p), v);
}

static const char *origin_of(const lk_entity *e, lk_prop p, const char *v)
{
	for (size_t i = 0; i < e->nvalues; i++)
		if (e->values[i].prop == p && strcmp(e->values[i].value, v) == 0)
			return e->values[i].origin ? e->values[i].origin : "";
	return NULL;
}

static size_t count_with(const lk_list *l, lk_prop p, const char *v)
{
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++)
		n += lk_entity_has(l->entities[i], p, v);
	return n;
}

/* ---- the real consolidated list ---- */

static void test_lists_ofac_xml__consolidated_2023_counts(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(OFAC_CONS));
	size_t c[LK_SCHEMA__COUNT] = {0};
	lk_list_count_schemas(l, c);
	assert_int_equal(l->format, LK_FORMAT_OFAC_XML);
	/* a non-SDN consolidated list is its own source (list.c names it from the content) */
	assert_string_equal(l->source, "ofac_cons");
	assert_int_equal(l->count, 445); /* Record_Count 445 */
	assert_int_equal(c[LK_SCHEMA_PERSON], 79);
	assert_int_equal(c[LK_SCHEMA_ORGANIZATION], 366);
	assert_string_equal(l->published, "2023-03-08");
	assert_int_equal(l->nwarnings, 0);
	assert_int_equal(count_with(l, LK_PROP_PROGRAM, "CMIC-EO13959"), 68);
	assert_int_equal(count_with(l, LK_PROP_PROGRAM, "UKRAINE-EO13662"), 289);
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *e = l->entities[i];
		char id[64];
		snprintf(id, sizeof id, "ofac-%s", e->native_id);
		assert_string_equal(e->id, id);
		assert_non_null(e->caption);
		assert_true(lk_entity_count(e, LK_PROP_PROGRAM) >= 1);
	}

	/* A person: "LAST, First" with its parts, DOB year, place of birth. */
	const lk_entity *e = entity(l, "9639");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "HANIYA, Ismail Abdul Salah");
	assert_has(e, LK_PROP_LAST_NAME, "HANIYA");
	assert_has(e, LK_PROP_FIRST_NAME, "Ismail Abdul Salah");
	assert_has(e, LK_PROP_ALIAS, "HANIYYA, Ismaeel");
	assert_has(e, LK_PROP_PROGRAM, "NS-PLC");
	assert_has(e, LK_PROP_BIRTH_DATE, "1962");
	assert_has(e, LK_PROP_BIRTH_PLACE, "Shati");
	assert_has(entity(l, "9668"), LK_PROP_NOTES, "HAMAS - Hebron"); /* remarks */

	/* A passport with its country, a gender id, citizenship. */
	e = entity(l, "26182");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "U00242309");
	assert_non_null(strstr(origin_of(e, LK_PROP_PASSPORT_NUMBER, "U00242309"), "(Turkey)"));
	assert_has(e, LK_PROP_GENDER, "male");
	assert_has(e, LK_PROP_CITIZENSHIP, "tr");
	assert_has(e, LK_PROP_BIRTH_DATE, "1980-02-08");
	assert_has(e, LK_PROP_PROGRAM, "FSE-IR");

	/* A bank: identifiers through the shared OFAC vocabulary, f.k.a. as previous names. */
	e = entity(l, "17013");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(e->caption, "VTB BANK PUBLIC JOINT STOCK COMPANY");
	assert_has(e, LK_PROP_SWIFT_BIC, "VTBRRUMM");
	assert_has(e, LK_PROP_LEI_CODE, "253400V1H6ART1UQ0N98");
	assert_has(e, LK_PROP_TAX_NUMBER, "7702070139");
	assert_has(e, LK_PROP_REGISTRATION_NUMBER, "1027739609391");
	assert_has(e, LK_PROP_PREVIOUS_NAME, "JSC VTB BANK");
	assert_has(e, LK_PROP_ALIAS, "VTB BANK PJSC");
	assert_has(e, LK_PROP_PROGRAM, "UKRAINE-EO13662");
	assert_has(e, LK_PROP_PROGRAM, "RUSSIA-EO14024");
	assert_has(e, LK_PROP_INCORPORATION_DATE, "1990-10-17");
	assert_has(e, LK_PROP_ADDRESS, "43, Vorontsovskaya str., Moscow, 109044, Russia");
	assert_has(e, LK_PROP_COUNTRY, "ru");
	/* sanctions information idTypes become notes (wording is ofac_common's) */
	bool directive = false;
	for (size_t i = 0; i < e->nvalues; i++)
		directive |= e->values[i].prop == LK_PROP_NOTES &&
		             strstr(e->values[i].value, "Executive Order 13662") &&
		             strstr(e->values[i].value, "Subject to Directive 1");
	assert_true(directive);

	/* category "weak" -> weakAlias */
	assert_has(entity(l, "17014"), LK_PROP_WEAK_ALIAS, "RUSAG");
	lk_list_free(l);
}

/* ---- the hand-written sdn.xml fixture ---- */

static void test_lists_ofac_xml__fixture_person(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_fixture(OFAC_FIXTURE));
	size_t c[LK_SCHEMA__COUNT] = {0};
	lk_list_count_schemas(l, c);
	assert_int_equal(l->count, 4);
	assert_int_equal(c[LK_SCHEMA_PERSON], 1);
	assert_int_equal(c[LK_SCHEMA_VESSEL], 1);
	assert_int_equal(c[LK_SCHEMA_AIRPLANE], 1);
	assert_int_equal(c[LK_SCHEMA_ORGANIZATION], 1);
	assert_string_equal(l->published, "2024-05-03");

	const lk_entity *e = entity(l, "90001");
	assert_string_equal(e->id, "ofac-90001");
	assert_string_equal(e->caption, "SAMPLEOV, Ivan Petrovich");
	assert_has(e, LK_PROP_LAST_NAME, "SAMPLEOV");
	assert_has(e, LK_PROP_FIRST_NAME, "Ivan Petrovich");
	assert_has(e, LK_PROP_POSITION, "Director General"); /* as ofac_csv reads title */
	assert_has(e, LK_PROP_PROGRAM, "RUSSIA-EO14024");
	assert_has(e, LK_PROP_PROGRAM, "CYBER2");
	assert_has(e, LK_PROP_ALIAS, "SAMPLEEV, Ivan");           /* a.k.a. strong */
	assert_has(e, LK_PROP_WEAK_ALIAS, "VANYA THE SAMPLE");    /* a.k.a. weak */
	assert_has(e, LK_PROP_PREVIOUS_NAME, "PROBOV, Ivan");     /* f.k.a. */
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "750123456");
	const char *o = origin_of(e, LK_PROP_PASSPORT_NUMBER, "750123456");
	assert_non_null(strstr(o, "sdn_sample.xml:"));
	assert_non_null(strstr(o, "(Russia)"));
	assert_non_null(strstr(o, "issued 12 Mar 2015"));
	assert_non_null(strstr(o, "expires 11 Mar 2025"));
	assert_has(e, LK_PROP_GENDER, "male");
	assert_has(e, LK_PROP_NOTES, "Frobnication Code: FX-12"); /* an unknown idType is kept */
	assert_has(e, LK_PROP_NATIONALITY, "ru");
	assert_has(e, LK_PROP_CITIZENSHIP, "cy");
	assert_has(e, LK_PROP_BIRTH_DATE, "1962-10-07");
	assert_has(e, LK_PROP_BIRTH_DATE, "1963"); /* "1963 to 1965" */
	assert_has(e, LK_PROP_BIRTH_DATE, "1964");
	assert_has(e, LK_PROP_BIRTH_DATE, "1965");
	assert_has(e, LK_PROP_BIRTH_PLACE, "Leningrad, Russia");
	assert_has(e, LK_PROP_ADDRESS, "12 Primernaya ulitsa, Moscow, 101000, Russia");
	assert_has(e, LK_PROP_NOTES, "Fixture person; all data invented.");
	lk_list_free(l);
}

static void test_lists_ofac_xml__fixture_vessel_aircraft_organisation(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_fixture(OFAC_FIXTURE));
	const lk_entity *v = entity(l, "90002");
	assert_int_equal(v->schema, LK_SCHEMA_VESSEL);
	assert_string_equal(v->caption, "OCEAN SAMPLER");
	assert_has(v, LK_PROP_IMO_NUMBER, "9305609");
	assert_true(lk_imo_valid(lk_entity_first(v, LK_PROP_IMO_NUMBER)));
	assert_has(v, LK_PROP_MMSI, "445123000");
	assert_has(v, LK_PROP_CALL_SIGN, "HMXY7");
	assert_has(v, LK_PROP_FLAG, "kp");
	assert_has(v, LK_PROP_VESSEL_TYPE, "Crude Oil Tanker");
	assert_has(v, LK_PROP_OWNER, "SAMPLE SHIPPING CO LTD");
	assert_has(v, LK_PROP_TONNAGE, "5000");
	assert_has(v, LK_PROP_GROSS_TONNAGE, "3200");
	assert_has(v, LK_PROP_PREVIOUS_NAME, "SEA PROBE");
	assert_int_equal(lk_entity_count(v, LK_PROP_LAST_NAME), 0);

	const lk_entity *a = entity(l, "90003");
	assert_int_equal(a->schema, LK_SCHEMA_AIRPLANE);
	assert_has(a, LK_PROP_SERIAL_NUMBER, "28765");
	assert_has(a, LK_PROP_MODEL, "Airbus A340-300");
	assert_has(a, LK_PROP_REGISTRATION_NUMBER, "EP-SMP");

	const lk_entity *o = entity(l, "90004");
	assert_int_equal(o->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(o->caption, "SAMPLE TRADING & LOGISTICS FZE");
	assert_has(o, LK_PROP_REGISTRATION_NUMBER, "RN-778899");
	assert_has(o, LK_PROP_JURISDICTION, "ae");
	assert_has(o, LK_PROP_WEBSITE, "www.sample-trading.example");
	assert_has(o, LK_PROP_ADDRESS,
	           "Office 4, Building 7, Free Zone, Sharjah, United Arab Emirates");
	assert_has(o, LK_PROP_COUNTRY, "ir"); /* a bare country is a country, not an address */
	assert_int_equal(lk_entity_count(o, LK_PROP_ADDRESS), 1);
	lk_list_free(l);
}

static void test_lists_ofac_xml__namespace_prefixes_are_ignored(void **state)
{
	(void)state;
	static const char doc[] =
		"<?xml version=\"1.0\"?>\n"
		"<s:sdnList xmlns:s=\"http://tempuri.org/sdnList.xsd\">"
		"<s:publshInformation><s:Publish_Date>12/31/2025</s:Publish_Date></s:publshInformation>"
		"<s:sdnEntry><s:uid>7</s:uid><s:lastName>PREFIXED LTD</s:lastName>"
		"<s:sdnType>Entity</s:sdnType><s:programList><s:program>SDGT</s:program>"
		"</s:programList></s:sdnEntry></s:sdnList>\n";
	lk_list *l = NULL;
	int rc = lk_list_parse_buffer(&l, LK_FORMAT_OFAC_XML, "prefixed.xml", doc, sizeof doc - 1,
	                              NULL);
	if (rc)
		fail_msg("%s", lk_error_last()->message);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->published, "2025-12-31");
	assert_string_equal(l->entities[0]->id, "ofac-7");
	assert_has(l->entities[0], LK_PROP_PROGRAM, "SDGT");
	lk_list_free(l);
}

/* ---- bad input ---- */

static int parse_buf(const char *name, const char *data, size_t len)
{
	lk_list *l = NULL;
	int rc = lk_list_parse_buffer(&l, LK_FORMAT_OFAC_XML, name, data, len, NULL);
	if (rc == 0)
		lk_list_free(l);
	else
		assert_null(l);
	return rc;
}

static void test_lists_ofac_xml__truncated_input_is_an_error_with_file_and_line(void **state)
{
	(void)state;
	size_t n;
	char *data = lk_test_read_file(lk_test_data(OFAC_CONS), &n);
	const size_t cuts[] = {1, 30, 150, 999, 12345, 300001, 654321, n / 2 + 3, n - 12, n - 1};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cuts); i++) {
		int rc = parse_buf("ofac_cut.xml", data, cuts[i]);
		if (rc != LK_EINVALID && rc != LK_ETRUNCATED)
			fail_msg("cut at %zu: rc %d (%s)", cuts[i], rc, lk_error_last()->message);
		assert_non_null(strstr(lk_error_last()->message, "ofac_cut.xml"));
		if (cuts[i] > 150)
			assert_true(lk_error_last()->line > 0);
	}
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/sdn.xml", dir);
	lk_test_copy_prefix(lk_test_data(OFAC_CONS), path, n / 4);
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	assert_true(rc == LK_EINVALID || rc == LK_ETRUNCATED);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "sdn.xml"));
	assert_non_null(strstr(lk_error_last()->message, "line"));
	lk_test_rmtree(dir);
	free(dir);
	free(data);
}

static void test_lists_ofac_xml__invalid_utf8_is_an_encoding_error(void **state)
{
	(void)state;
	size_t n;
	char *data = lk_test_read_file(lk_test_data(OFAC_CONS), &n);
	char *p = strstr(data, "<lastName>HANIYA</lastName>");
	assert_non_null(p);
	p[strlen("<lastName>HA")] = (char)0xC3; /* a lead byte followed by ASCII */
	int rc = parse_buf("ofac_bad_utf8.xml", data, n);
	assert_int_equal(rc, LK_EENCODING);
	assert_non_null(strstr(lk_error_last()->message, "ofac_bad_utf8.xml"));
	assert_true(lk_error_last()->line > 0);
	free(data);
}

static void test_lists_ofac_xml__entity_expansion_bomb_is_refused_quickly(void **state)
{
	(void)state;
	static const char bomb[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE sdnList [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		" <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		"]>\n"
		"<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\"><sdnEntry><uid>1</uid>"
		"<lastName>&g;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>\n";
	int rc = parse_buf("ofac_bomb.xml", bomb, sizeof bomb - 1);
	assert_int_equal(rc, LK_EINVALID);
	const char *m = lk_error_last()->message;
	assert_non_null(strstr(m, "ofac_bomb.xml"));
	if (!strstr(m, "DOCTYPE") && !strstr(m, "entity"))
		fail_msg("unclear error for an entity bomb: %s", m);
}

static void test_lists_ofac_xml__empty_and_wrong_root_are_refused(void **state)
{
	(void)state;
	int rc = parse_buf("ofac_empty.xml", "", 0);
	assert_true(rc < 0);
	assert_non_null(strstr(lk_error_last()->message, "ofac_empty.xml"));

	static const char un[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS/>"
	                         "</CONSOLIDATED_LIST>\n";
	rc = parse_buf("not_ofac.xml", un, sizeof un - 1);
	assert_int_equal(rc, LK_EFORMAT);
	assert_non_null(strstr(lk_error_last()->message, "not_ofac.xml"));
	assert_non_null(strstr(lk_error_last()->message, "sdnList"));

	static const char none[] = "<?xml version=\"1.0\"?>\n<sdnList xmlns=\"http://tempuri.org/"
	                           "sdnList.xsd\"><publshInformation><Publish_Date>03/08/2023"
	                           "</Publish_Date></publshInformation></sdnList>\n";
	rc = parse_buf("ofac_none.xml", none, sizeof none - 1);
	assert_int_equal(rc, LK_EINVALID);

	static const char noid[] = "<?xml version=\"1.0\"?>\n<sdnList>\n<sdnEntry>\n"
	                           "<lastName>X</lastName></sdnEntry>\n</sdnList>\n";
	rc = parse_buf("ofac_noid.xml", noid, sizeof noid - 1);
	assert_int_equal(rc, LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "uid"));
	assert_non_null(strstr(lk_error_last()->message, "line 3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_ofac_xml__consolidated_2023_counts),
		cmocka_unit_test(test_lists_ofac_xml__fixture_person),
		cmocka_unit_test(test_lists_ofac_xml__fixture_vessel_aircraft_organisation),
		cmocka_unit_test(test_lists_ofac_xml__namespace_prefixes_are_ignored),
		cmocka_unit_test(test_lists_ofac_xml__truncated_input_is_an_error_with_file_and_line),
		cmocka_unit_test(test_lists_ofac_xml__invalid_utf8_is_an_encoding_error),
		cmocka_unit_test(test_lists_ofac_xml__entity_expansion_bomb_is_refused_quickly),
		cmocka_unit_test(test_lists_ofac_xml__empty_and_wrong_root_are_refused),
	};
	return cmocka_run_group_tests_name("ofac_xml", tests, NULL, NULL);
}

/*
 * test_eu.c - the three EU Financial Sanctions File parsers through the public lk_list_parse():
 * the real legacy XML (2016-02-11, 595 entities) and CSV v1.0 (2018-07-04 prefix, 93
 * entities), the hand-written fixture of the current XML export, and bad input of every kind
 * (truncation, invalid UTF-8, an entity-expansion bomb, empty files, wrong column counts).
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEGACY "lists/eu/eu_legacy_global_20160211_sample.xml"
#define CSV "lists/eu/eu_fsf_csv_v1_20180704_sample_short.csv"
#define FIXTURE "eu/eu_fsf_export_sample.xml"

static lk_list *legacy, *csv, *xml;

static lk_list *parse_path(const char *path)
{
	lk_list *l = NULL;
	int rc = lk_list_parse(&l, &path, 1, NULL);
	if (rc)
		fail_msg("%s: %s", path, lk_error_last()->message);
	return l;
}

static int setup(void **state)
{
	(void)state;
	legacy = parse_path(lk_test_data(LEGACY));
	csv = parse_path(lk_test_data(CSV));
	xml = parse_path(lk_test_fixture(FIXTURE));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lk_list_free(legacy);
	lk_list_free(csv);
	lk_list_free(xml);
	return 0;
}

static const lk_entity *entity(const lk_list *l, const char *native)
{
	const lk_entity *e = lk_list_find_native(l, native);
	if (!e)
		fail_msg("%s: no entity %s", lk_format_name(l->format), native);
	return e;
}

#define HAS(e, prop, v)                                                                   \
	do {                                                                              \
		if (!lk_entity_has((e), (prop), (v)))                                         \
			fail_msg("%s: no %s \"%s\"", (e)->id, lk_prop_name(prop), (v));          \
	} while (0)

static void counts(const lk_list *l, size_t n, size_t persons, size_t orgs)
{
	size_t c[LK_SCHEMA__COUNT];
	lk_list_count_schemas(l, c);
	assert_int_equal(l->count, n);
	assert_int_equal(c[LK_SCHEMA_PERSON], persons);
	assert_int_equal(c[LK_SCHEMA_ORGANIZATION], orgs);
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *e = l->entities[i];
		assert_string_equal(e->source, "eu_fsf");
		assert_true(strncmp(e->id, "eu-", 3) == 0);
		assert_string_equal(e->id + 3, e->native_id);
	}
}

/* ---- legacy XML ---- */

static void test_lists_eu_legacy__real_file_has_595_entities(void **state)
{
	(void)state;
	assert_int_equal(legacy->format, LK_FORMAT_EU_XML_LEGACY);
	counts(legacy, 595, 319, 276);
	assert_string_equal(legacy->published, "2016-02-11");
	assert_int_equal(legacy->nwarnings, 0);
}

static void test_lists_eu_legacy__mugabe_name_birth_passport(void **state)
{
	(void)state;
	const lk_entity *e = entity(legacy, "1");
	assert_string_equal(e->id, "eu-1");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "Robert Gabriel Mugabe");
	HAS(e, LK_PROP_FIRST_NAME, "Robert");
	HAS(e, LK_PROP_MIDDLE_NAME, "Gabriel");
	HAS(e, LK_PROP_LAST_NAME, "Mugabe");
	HAS(e, LK_PROP_GENDER, "male");
	HAS(e, LK_PROP_POSITION, "President");
	/* Two BIRTH records with the same date: one value; the place comes from the second. */
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 1);
	HAS(e, LK_PROP_BIRTH_DATE, "1924-02-21");
	HAS(e, LK_PROP_BIRTH_PLACE, "Kutama");
	/* "AD001095 (passport-National passport) ((passport))": the number only. */
	HAS(e, LK_PROP_PASSPORT_NUMBER, "AD001095");
	HAS(e, LK_PROP_PROGRAM, "ZWE");
	/* The earliest legal act among the entity's records (1643/2002, NAME 101396). */
	HAS(e, LK_PROP_LISTING_DATE, "2002-09-13");
	/* The second NAME repeats the first one: it is not an alias. */
	assert_int_equal(lk_entity_count(e, LK_PROP_ALIAS), 0);
}

static void test_lists_eu_legacy__first_name_is_name_later_are_aliases(void **state)
{
	(void)state;
	const lk_entity *e = entity(legacy, "13");
	assert_string_equal(e->caption, "Saddam Hussein Al-Tikriti");
	assert_string_equal(lk_entity_first(e, LK_PROP_NAME), "Saddam Hussein Al-Tikriti");
	HAS(e, LK_PROP_ALIAS, "Abu Ali");
	HAS(e, LK_PROP_ALIAS, "Abou Ali");
	HAS(e, LK_PROP_BIRTH_DATE, "1937-04-28");
	HAS(e, LK_PROP_BIRTH_PLACE, "al-Awja, near Tikrit, Iraq");
	HAS(e, LK_PROP_NATIONALITY, "iq");

	e = entity(legacy, "330");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(e->caption, "Al Rashid Trust");
	HAS(e, LK_PROP_ALIAS, "Al-Rasheed Trust");
	HAS(e, LK_PROP_ALIAS, "Aid Organisation of the Ulema, Pakistan");
	/* OTHER = "PHONE[042-681 20 81]" is a phone number, not part of the address. */
	HAS(e, LK_PROP_PHONE, "042-681 20 81");
	HAS(e, LK_PROP_COUNTRY, "pk");
	for (size_t i = 0; i < e->nvalues; i++)
		if (e->values[i].prop == LK_PROP_ADDRESS)
			assert_null(strstr(e->values[i].value, "PHONE"));
}

static void test_lists_eu_legacy__approximate_dates_and_ranges(void **state)
{
	(void)state;
	/* "1957 (approximative)" is the year 1957. */
	const lk_entity *e = entity(legacy, "25");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 1);
	HAS(e, LK_PROP_BIRTH_DATE, "1957");
	/* "1958 - 1963 (approximative)" is each year of the range, never an invented day. */
	e = entity(legacy, "516");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 6);
	HAS(e, LK_PROP_BIRTH_DATE, "1958");
	HAS(e, LK_PROP_BIRTH_DATE, "1963");
	HAS(e, LK_PROP_TITLE, "Maulavi");
	HAS(e, LK_PROP_NATIONALITY, "af");
}

static void test_lists_eu_legacy__travel_document_and_address(void **state)
{
	(void)state;
	const lk_entity *e = entity(legacy, "3221");
	/* "A 0141062 (travelcardid-Temporary Travel Document) [revoked by issuer](...)" */
	HAS(e, LK_PROP_ID_NUMBER, "A 0141062");
	assert_int_equal(lk_entity_count(e, LK_PROP_PASSPORT_NUMBER), 0);
	HAS(e, LK_PROP_ADDRESS, "[Bavaria], Germany");
	HAS(e, LK_PROP_COUNTRY, "de");
	HAS(e, LK_PROP_NATIONALITY, "iq");
	HAS(e, LK_PROP_BIRTH_DATE, "1965-07-04");
	HAS(e, LK_PROP_ALIAS, "Deiman Alhasenben Ali Aljabbari");
}

static lk_list *parse_buf(lk_format f, const char *name, const char *data, int *rc)
{
	lk_list *l = NULL;
	*rc = lk_list_parse_buffer(&l, f, name, data, strlen(data), NULL);
	return l;
}

static void test_lists_eu_legacy__partial_dates_stay_partial(void **state)
{
	(void)state;
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WHOLE Date=\"01/02/2016\">\n"
		"<ENTITY Id=\"7\" Type=\"P\" reg_date=\"2010-01-01\" programme=\"TEST\">\n"
		"<NAME Id=\"1\"><WHOLENAME>Test Person</WHOLENAME></NAME>\n"
		"<BIRTH Id=\"1\"><DATE>1960-00-00</DATE></BIRTH>\n"
		"<BIRTH Id=\"2\"><DATE>1961-05-00</DATE></BIRTH>\n"
		"<BIRTH Id=\"3\"><DATE>N/A</DATE></BIRTH>\n"
		"<BIRTH Id=\"4\"><DATE>1962 - 1962 (approximative)</DATE></BIRTH>\n"
		"</ENTITY>\n</WHOLE>\n";
	int rc;
	lk_list *l = parse_buf(LK_FORMAT_EU_XML_LEGACY, "partial.xml", doc, &rc);
	assert_int_equal(rc, 0);
	const lk_entity *e = entity(l, "7");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 3);
	HAS(e, LK_PROP_BIRTH_DATE, "1960");
	HAS(e, LK_PROP_BIRTH_DATE, "1961-05");
	HAS(e, LK_PROP_BIRTH_DATE, "1962");
	assert_string_equal(l->published, "2016-02-01");
	lk_list_free(l);
}

/* ---- CSV v1.0 ---- */

static void test_lists_eu_csv__real_file_has_93_entities(void **state)
{
	(void)state;
	assert_int_equal(csv->format, LK_FORMAT_EU_CSV);
	counts(csv, 93, 61, 32);
	assert_string_equal(csv->published, "2018-07-04");
	/* Entities come out in the order of their first row. */
	assert_string_equal(csv->entities[0]->id, "eu-1");
	assert_string_equal(csv->entities[92]->id, "eu-481");
}

static void test_lists_eu_csv__rows_are_grouped_by_logical_id(void **state)
{
	(void)state;
	const lk_entity *e = entity(csv, "1");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "Robert Gabriel Mugabe");
	HAS(e, LK_PROP_BIRTH_DATE, "1924-02-21");
	HAS(e, LK_PROP_BIRTH_PLACE, "Kutama");
	HAS(e, LK_PROP_PASSPORT_NUMBER, "AD001095");
	HAS(e, LK_PROP_POSITION, "Former President");
	HAS(e, LK_PROP_GENDER, "male");
	HAS(e, LK_PROP_PROGRAM, "ZWE");
	/* The remark's literal "\n" is a line break (folded to a space). */
	HAS(e, LK_PROP_NOTES,
	    "(Date of UN designation: 2002-02-21) (Date of designation referred to in Article 7 "
	    "(2): 21.2.2002.)");

	e = entity(csv, "13");
	assert_string_equal(e->caption, "Saddam Hussein Al-Tikriti");
	HAS(e, LK_PROP_ALIAS, "Abu Ali");
	HAS(e, LK_PROP_ALIAS, "Abou Ali");
	HAS(e, LK_PROP_BIRTH_DATE, "1937-04-28");
	HAS(e, LK_PROP_NATIONALITY, "iq");
	/* The export writes commas as tabs: "al-Awja<TAB> near Tikrit". */
	HAS(e, LK_PROP_BIRTH_PLACE, "al-Awja, near Tikrit, Iraq");
}

static void test_lists_eu_csv__quoted_field_inside_a_wrapped_line(void **state)
{
	(void)state;
	/* Line 55: ...;""Former Governor of Karbala and An Najaf;"";... inside the quotes. */
	const lk_entity *e = entity(csv, "43");
	assert_string_equal(e->caption, "Aziz Salih al-Numan");
	HAS(e, LK_PROP_POSITION, "Former Governor of Karbala and An Najaf;");
	HAS(e, LK_PROP_POSITION, "Former Minister of Agriculture and Agrarian Reform (1986-1987)");
	HAS(e, LK_PROP_ALIAS, "Aziz Salih al-Nouman");
	/* Birt_date "N/A" adds no date. */
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 0);
	HAS(e, LK_PROP_BIRTH_PLACE, "An Nasiriyah");
}

static void test_lists_eu_csv__windows_1252_and_contacts(void **state)
{
	(void)state;
	const lk_entity *e = entity(csv, "20");
	HAS(e, LK_PROP_ALIAS, "Qoussaï Saddam Hussein Al-Tikriti");
	e = entity(csv, "330");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	/* 0x92 is a right single quotation mark in Windows-1252. */
	HAS(e, LK_PROP_ADDRESS, "Office Dha’rbi-M’unin, Opposite Khyber Bank, "
	                        "Abbottabad Road, Mansehra, Pakistan");
	/* "PHONE[668 33 01<TAB> 0300-820 91 99]\nFAX[662 38 14]": three numbers. */
	HAS(e, LK_PROP_PHONE, "668 33 01");
	HAS(e, LK_PROP_PHONE, "0300-820 91 99");
	HAS(e, LK_PROP_PHONE, "662 38 14");
}

static void test_lists_eu_csv__names_lost_to_question_marks_are_skipped(void **state)
{
	(void)state;
	bool warned = false;
	for (size_t i = 0; i < csv->nwarnings; i++)
		warned |= strstr(csv->warnings[i], "replaced their non-Latin letters") != NULL;
	assert_true(warned);
	for (size_t i = 0; i < csv->count; i++) {
		const lk_entity *e = csv->entities[i];
		for (size_t k = 0; k < e->nvalues; k++)
			if (lk_prop_kind_of(e->values[k].prop) == LK_KIND_NAME &&
			    strstr(e->values[k].value, "??"))
				fail_msg("%s: name \"%s\"", e->id, e->values[k].value);
	}
}

#define CSV_HEADER                                                                            \
	"Date_file;Entity_logical_id;Subject_type;Leba_numtitle;Leba_publication_date;Leba_url;"  \
	"Programme;Entity_remark;Naal_logical_id;Entity_logical_id;Naal_wholename;Naal_gender;"    \
	"Citi_logical_id;Entity_logical_id;Citi_country;EU_ref_num\n"

static void test_lists_eu_csv__plain_utf8_rows_in_any_order(void **state)
{
	(void)state;
	/* Not wrapped in quotes, UTF-8, rows of entity 7 not contiguous. */
	static const char doc[] = CSV_HEADER
		"01/03/2020;7;P;;2019-01-02;;TEST;;71;7;Mohammed Zoubaïdi;M;;;;EU.1.1\n"
		"01/03/2020;8;E;;2019-01-02;;TEST;;81;8;Example Trading;;;;;EU.1.2\n"
		"01/03/2020;7;P;;2018-05-06;;TEST;;72;7;\"Zoubaïdi; Mohammed\";;;;;EU.1.1\n"
		"01/03/2020;7;P;;2019-01-02;;TEST;;;;;;73;7;IRQ;EU.1.1\n";
	int rc;
	lk_list *l = parse_buf(LK_FORMAT_EU_CSV, "plain.csv", doc, &rc);
	if (rc)
		fail_msg("%s", lk_error_last()->message);
	assert_int_equal(l->count, 2);
	const lk_entity *e = entity(l, "7");
	assert_string_equal(e->caption, "Mohammed Zoubaïdi");
	HAS(e, LK_PROP_ALIAS, "Zoubaïdi; Mohammed");
	HAS(e, LK_PROP_NATIONALITY, "iq");
	HAS(e, LK_PROP_LISTING_DATE, "2018-05-06");
	assert_int_equal(entity(l, "8")->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(l->published, "2020-03-01");
	lk_list_free(l);
}

static void test_lists_eu_csv__wrong_field_count_is_an_error(void **state)
{
	(void)state;
	static const char plain[] = CSV_HEADER
		"01/03/2020;7;P;;2019-01-02;;TEST;;71;7;Name;M;;;;EU.1.1\n"
		"01/03/2020;7;P;;2019-01-02;;TEST;;72;7;Other;M;;;;EU.1.1;extra\n";
	int rc;
	lk_list *l = parse_buf(LK_FORMAT_EU_CSV, "cols.csv", plain, &rc);
	assert_null(l);
	assert_int_equal(rc, LK_EINVALID);
	assert_string_equal(lk_error_last()->message,
	                    "eu_csv: cols.csv: line 3: 17 fields, expected 16");

	/* The same in the real file's layout: one row of the real file with a field added. */
	size_t n;
	char *data = lk_test_read_file(lk_test_data(CSV), &n);
	char *line3 = strchr(strchr(data, '\n') + 1, '\n') + 1;
	char *semi = strchr(line3, ';');
	char *dir = lk_test_tmpdir(), path[4200];
	snprintf(path, sizeof path, "%s/eu.csv", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(data, 1, (size_t)(semi - data), f);
	fputs(";", f);
	fwrite(semi, 1, n - (size_t)(semi - data), f);
	fclose(f);
	const char *paths[] = {path};
	assert_int_equal(lk_list_parse(&l, paths, 1, NULL), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, path));
	assert_non_null(strstr(lk_error_last()->message, "line 3: 60 fields, expected 59"));
	free(data);
	lk_test_rmtree(dir);
	free(dir);
}

/* ---- current XML export (fixture) ---- */

static void test_lists_eu_xml__fixture_person_field_by_field(void **state)
{
	(void)state;
	assert_int_equal(xml->format, LK_FORMAT_EU_XML);
	counts(xml, 3, 2, 1);
	assert_string_equal(xml->published, "2024-05-06");
	const lk_entity *e = entity(xml, "900101");
	assert_string_equal(e->id, "eu-900101");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "Ivan Sergeyevich Petrovsky");
	assert_int_equal(lk_entity_count(e, LK_PROP_NAME), 1);
	/* The French repeat of the name (with a double space) is not an alias. */
	assert_int_equal(lk_entity_count(e, LK_PROP_ALIAS), 2);
	HAS(e, LK_PROP_ALIAS, "Иван Сергеевич Петровский");
	HAS(e, LK_PROP_ALIAS, "Ιβάν Σεργκέγεβιτς Πετρόφσκι");
	assert_int_equal(lk_entity_count(e, LK_PROP_WEAK_ALIAS), 1);
	HAS(e, LK_PROP_WEAK_ALIAS, "Vanya Petrovsky");
	HAS(e, LK_PROP_FIRST_NAME, "Ivan");
	HAS(e, LK_PROP_FIRST_NAME, "Иван");
	HAS(e, LK_PROP_MIDDLE_NAME, "Sergeyevich");
	HAS(e, LK_PROP_LAST_NAME, "Petrovsky");
	HAS(e, LK_PROP_GENDER, "male");
	HAS(e, LK_PROP_POSITION, "Deputy Minister of Examples");
	/* Full date; year only (circa); year and month only. */
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 3);
	HAS(e, LK_PROP_BIRTH_DATE, "1960-03-14");
	HAS(e, LK_PROP_BIRTH_DATE, "1961");
	HAS(e, LK_PROP_BIRTH_DATE, "1962-05");
	HAS(e, LK_PROP_BIRTH_PLACE, "Tula, Russian Federation");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_PLACE), 1);
	HAS(e, LK_PROP_NATIONALITY, "ru");
	HAS(e, LK_PROP_PASSPORT_NUMBER, "751234567");
	HAS(e, LK_PROP_ID_NUMBER, "4509 123456");
	HAS(e, LK_PROP_ADDRESS, "Moscow, Russian Federation");
	HAS(e, LK_PROP_COUNTRY, "ru");
	HAS(e, LK_PROP_PROGRAM, "RUS");
	HAS(e, LK_PROP_SOURCE_URL, "https://eur-lex.europa.eu/example/2022-9001");
	HAS(e, LK_PROP_NOTES, "Fictional person written for the Lookout test suite.");
	HAS(e, LK_PROP_LISTING_DATE, "2022-03-15");
	/* Provenance names the sub-record. */
	assert_string_equal(e->values[0].origin, "nameAlias/910001");
}

static void test_lists_eu_xml__fixture_enterprise_field_by_field(void **state)
{
	(void)state;
	const lk_entity *e = entity(xml, "900102");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_string_equal(e->caption, "Northern Lights Shipping LLC");
	HAS(e, LK_PROP_ALIAS, "ООО «Северное сияние Шиппинг»");
	HAS(e, LK_PROP_WEAK_ALIAS, "NLS");
	HAS(e, LK_PROP_REGISTRATION_NUMBER, "1027700123456");
	assert_int_equal(lk_entity_count(e, LK_PROP_ID_NUMBER), 0);
	HAS(e, LK_PROP_ADDRESS,
	    "Primorskaya ulitsa 12, 690001, Vladivostok, Primorsky Krai, Russian Federation");
	HAS(e, LK_PROP_COUNTRY, "ru");
	HAS(e, LK_PROP_LISTING_DATE, "2023-02-25");
	assert_int_equal(lk_entity_count(e, LK_PROP_FIRST_NAME), 0);
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 0);
}

static void test_lists_eu_xml__fixture_names_first_and_unknown_country(void **state)
{
	(void)state;
	const lk_entity *e = entity(xml, "900103");
	/* nameAlias comes after identification in this record: the name is still the first
	 * nameAlias, and the name on the passport becomes an alias. */
	assert_string_equal(e->caption, "Kim Chol Su");
	HAS(e, LK_PROP_ALIAS, "김철수");
	HAS(e, LK_PROP_ALIAS, "Kim Chol-su");
	HAS(e, LK_PROP_BIRTH_DATE, "1975");
	/* countryIso2Code="00" / "UNKNOWN" is no country at all. */
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_PLACE), 0);
	assert_int_equal(lk_entity_count(e, LK_PROP_COUNTRY), 0);
	HAS(e, LK_PROP_NATIONALITY, "kp");
	HAS(e, LK_PROP_PASSPORT_NUMBER, "927310045");
	HAS(e, LK_PROP_PROGRAM, "PRK");
	HAS(e, LK_PROP_NOTES, "Listed for facilitating example transfers.");
	/* designationDate wins over the later regulation date. */
	assert_int_equal(lk_entity_count(e, LK_PROP_LISTING_DATE), 1);
	HAS(e, LK_PROP_LISTING_DATE, "2017-08-05");
}

/* ---- bad input ---- */

/* Parse the first len bytes of src as a file; returns the error code (0 on success). */
static int parse_prefix(const char *src, size_t len, const char *name, char *msg, size_t cap,
                        size_t *count)
{
	char *dir = lk_test_tmpdir(), path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	lk_test_copy_prefix(src, path, len);
	const char *paths[] = {path};
	lk_list *l = NULL;
	int rc = lk_list_parse(&l, paths, 1, NULL);
	if (rc) {
		if (!strstr(lk_error_last()->message, path))
			fail_msg("error does not name the file: %s", lk_error_last()->message);
		snprintf(msg, cap, "%s", lk_error_last()->message);
	}
	*count = l ? l->count : 0;
	lk_list_free(l);
	lk_test_rmtree(dir);
	free(dir);
	return rc;
}

static void test_lists_eu__truncated_xml_fails_with_file_and_line(void **state)
{
	(void)state;
	const char *files[] = {lk_test_data(LEGACY), lk_test_fixture(FIXTURE)};
	const char *records[] = {"<ENTITY ", "<sanctionEntity "};
	for (size_t f = 0; f < LK_ARRAY_SIZE(files); f++) {
		size_t n;
		char *data = lk_test_read_file(files[f], &n);
		/* From inside the first record (before it, the content is not recognisable). */
		size_t first = (size_t)(strstr(data, records[f]) - data);
		free(data);
		size_t cuts[] = {first + 20, first + 333, n / 3, n / 2, n - 400, n - 12, n - 2};
		for (size_t i = 0; i < LK_ARRAY_SIZE(cuts); i++) {
			char msg[1024];
			size_t count;
			size_t at = cuts[i];
			int rc = parse_prefix(files[f], at, "cut.xml", msg, sizeof msg, &count);
			if (rc == 0)
				fail_msg("%s cut at %zu: parsed %zu entities", files[f], at, count);
			bool said = strstr(msg, "cut short") || strstr(msg, "truncated");
			if (rc != LK_ETRUNCATED || !said)
				fail_msg("%s cut at %zu: %s: %s", files[f], at, lk_error_name(rc),
				         msg);
			if (!strstr(msg, ": line "))
				fail_msg("%s cut at %zu: no line in \"%s\"", files[f], at, msg);
		}
	}
}

static void test_lists_eu__truncated_csv_row_fails_whole_rows_pass(void **state)
{
	(void)state;
	const char *src = lk_test_data(CSV);
	size_t n;
	char *data = lk_test_read_file(src, &n);
	/* Cut in the middle of lines: the row's closing quote is missing. */
	size_t cuts[] = {1000, n / 2, n - 40, n - 2};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cuts); i++) {
		char msg[1024];
		size_t count;
		assert_true(data[cuts[i] - 1] != '\n');
		int rc = parse_prefix(src, cuts[i], "cut.csv", msg, sizeof msg, &count);
		assert_int_equal(rc, LK_ETRUNCATED);
		assert_non_null(strstr(msg, "eu_csv: "));
		assert_non_null(strstr(msg, ": line "));
	}
	/* Cut right after a complete row: the file is a shorter list, not an error. */
	char *mid = strchr(data + n / 2, '\n') + 1;
	char msg[1024];
	size_t count;
	assert_int_equal(parse_prefix(src, (size_t)(mid - data), "cut.csv", msg, sizeof msg,
	                              &count), 0);
	assert_true(count > 0 && count < 93);
	free(data);
}

static void test_lists_eu__invalid_utf8_in_xml_is_an_error(void **state)
{
	(void)state;
	const char *files[] = {lk_test_data(LEGACY), lk_test_fixture(FIXTURE)};
	const char *marks[] = {"Mugabe", "Petrovsky"};
	const lk_format formats[] = {LK_FORMAT_EU_XML_LEGACY, LK_FORMAT_EU_XML};
	for (size_t f = 0; f < LK_ARRAY_SIZE(files); f++) {
		size_t n;
		char *data = lk_test_read_file(files[f], &n);
		char *at = strstr(data, marks[f]);
		assert_non_null(at);
		at[1] = (char)0xC3; /* a lead byte followed by an ASCII letter */
		lk_list *l = NULL;
		int rc = lk_list_parse_buffer(&l, formats[f], "bad-utf8.xml", data, n, NULL);
		assert_null(l);
		assert_int_equal(rc, LK_EENCODING);
		assert_non_null(strstr(lk_error_last()->message, "bad-utf8.xml: line "));
		free(data);
	}
}

static void test_lists_eu__entity_expansion_bomb_is_refused(void **state)
{
	(void)state;
	static const char *docs[] = {
		"<?xml version=\"1.0\"?>\n<!DOCTYPE WHOLE [\n%s]>\n<WHOLE Date=\"11/02/2016\">"
		"<ENTITY Id=\"1\" Type=\"P\"><NAME Id=\"1\"><WHOLENAME>&j;</WHOLENAME></NAME>"
		"</ENTITY></WHOLE>\n",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE export [\n%s]>\n"
		"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">"
		"<sanctionEntity logicalId=\"1\">"
		"<nameAlias wholeName=\"&j;\"/></sanctionEntity></export>\n",
	};
	const lk_format formats[] = {LK_FORMAT_EU_XML_LEGACY, LK_FORMAT_EU_XML};
	char ents[2048] = "<!ENTITY a \"lolololololololololololololololol\">\n";
	for (char c = 'b'; c <= 'j'; c++) {
		char line[200];
		char p = (char)(c - 1);
		snprintf(line, sizeof line,
		         "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n",
		         c, p, p, p, p, p, p, p, p, p, p);
		strcat(ents, line);
	}
	for (size_t i = 0; i < LK_ARRAY_SIZE(docs); i++) {
		char doc[8192];
		snprintf(doc, sizeof doc, docs[i], ents);
		lk_list *l = NULL;
		int rc = lk_list_parse_buffer(&l, formats[i], "bomb.xml", doc, strlen(doc), NULL);
		assert_null(l);
		assert_int_equal(rc, LK_EINVALID);
		assert_non_null(strstr(lk_error_last()->message, "bomb.xml"));
		/* Refused either for its DOCTYPE or by libxml2's own amplification guard. */
		const char *m = lk_error_last()->message;
		if (!strstr(m, "DOCTYPE") && !strstr(m, "entity"))
			fail_msg("bomb not refused as such: %s", m);
	}
}

static void test_lists_eu__empty_input_is_an_error(void **state)
{
	(void)state;
	const lk_format formats[] = {LK_FORMAT_EU_XML_LEGACY, LK_FORMAT_EU_XML, LK_FORMAT_EU_CSV};
	for (size_t i = 0; i < LK_ARRAY_SIZE(formats); i++) {
		lk_list *l = NULL;
		int rc = lk_list_parse_buffer(&l, formats[i], "empty.dat", "", 0, NULL);
		assert_null(l);
		assert_true(rc < 0);
		assert_non_null(strstr(lk_error_last()->message, "empty.dat"));
	}
	/* A header without rows, and a root without records, have no entities. */
	int rc;
	lk_list *l = parse_buf(LK_FORMAT_EU_CSV, "header.csv", CSV_HEADER, &rc);
	assert_null(l);
	assert_true(rc < 0);
	assert_non_null(strstr(lk_error_last()->message, "header.csv"));
	l = parse_buf(LK_FORMAT_EU_XML, "root.xml",
	              "<?xml version=\"1.0\"?><export generationDate=\"2024-01-01\"/>", &rc);
	assert_null(l);
	assert_true(rc < 0);
	/* A different root is refused, not read as an empty list. */
	l = parse_buf(LK_FORMAT_EU_XML_LEGACY, "other.xml", "<?xml version=\"1.0\"?><export/>",
	              &rc);
	assert_null(l);
	assert_int_equal(rc, LK_EFORMAT);
	assert_non_null(strstr(lk_error_last()->message, "expected <WHOLE>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_eu_legacy__real_file_has_595_entities),
		cmocka_unit_test(test_lists_eu_legacy__mugabe_name_birth_passport),
		cmocka_unit_test(test_lists_eu_legacy__first_name_is_name_later_are_aliases),
		cmocka_unit_test(test_lists_eu_legacy__approximate_dates_and_ranges),
		cmocka_unit_test(test_lists_eu_legacy__travel_document_and_address),
		cmocka_unit_test(test_lists_eu_legacy__partial_dates_stay_partial),
		cmocka_unit_test(test_lists_eu_csv__real_file_has_93_entities),
		cmocka_unit_test(test_lists_eu_csv__rows_are_grouped_by_logical_id),
		cmocka_unit_test(test_lists_eu_csv__quoted_field_inside_a_wrapped_line),
		cmocka_unit_test(test_lists_eu_csv__windows_1252_and_contacts),
		cmocka_unit_test(test_lists_eu_csv__names_lost_to_question_marks_are_skipped),
		cmocka_unit_test(test_lists_eu_csv__plain_utf8_rows_in_any_order),
		cmocka_unit_test(test_lists_eu_csv__wrong_field_count_is_an_error),
		cmocka_unit_test(test_lists_eu_xml__fixture_person_field_by_field),
		cmocka_unit_test(test_lists_eu_xml__fixture_enterprise_field_by_field),
		cmocka_unit_test(test_lists_eu_xml__fixture_names_first_and_unknown_country),
		cmocka_unit_test(test_lists_eu__truncated_xml_fails_with_file_and_line),
		cmocka_unit_test(test_lists_eu__truncated_csv_row_fails_whole_rows_pass),
		cmocka_unit_test(test_lists_eu__invalid_utf8_in_xml_is_an_error),
		cmocka_unit_test(test_lists_eu__entity_expansion_bomb_is_refused),
		cmocka_unit_test(test_lists_eu__empty_input_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

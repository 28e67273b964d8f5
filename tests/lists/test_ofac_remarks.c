/*
 * test_ofac_remarks.c - the remarks mini-language of OFAC's legacy CSV files
 * (lk_ofac__parse_remarks): clause by clause (dates and ranges, documents with their country,
 * organisation, vessel and aircraft keys, names, unknown and cut clauses), and the share of
 * clauses recognised over the real sdn.csv / cons_prim.csv files.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "lists/ofac_remarks.h"

#define SDN_2024 "lists/ofac/sdn-2024-05-03"
#define SDN_2021 "lists/ofac/sdn-2021-07"
#define SDN_2019 "lists/ofac/sdn-2019-01"
#define CONS_2025 "lists/ofac/cons-2025-12-19"

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

/* OFAC's null marker, "-0-" with or without its trailing space. */
static bool is_null(const char *v)
{
	while (*v == ' ')
		v++;
	return *v == '\0' || strncmp(v, "-0-", 3) == 0;
}

/* ---- the remarks: recognised fraction over the real files ---- */

static void recognised_fraction(const char *rel, double min)
{
	const char *path = lk_test_data(rel);
	FILE *f = fopen(path, "rb");
	lk_csv *c;
	lk_ofac_remarks_stats st = {0};
	lk_arena *a = lk_arena_new(0);

	assert_non_null(f);
	assert_non_null(a);
	c = lk_csv_new(f, path, ',', LK_CSV_AUTO);
	assert_non_null(c);
	while (lk_csv_next(c) > 0) {
		const char *rem;
		lk_entity *e;

		assert_int_equal(lk_csv_nfields(c), 12);
		rem = lk_csv_field(c, 11);
		if (is_null(rem))
			continue;
		e = lk_entity_new(a, lk_ofac__schema(lk_csv_field(c, 2)), "test", "ofac",
		                  lk_csv_field(c, 0));
		assert_non_null(e);
		if (!is_null(lk_csv_field(c, 4)))
			assert_int_equal(lk_entity_add(e, a, LK_PROP_POSITION, lk_csv_field(c, 4), NULL),
			                 0);
		assert_int_equal(lk_ofac__parse_remarks(e, a, rem, strlen(rem), "x", &st), 0);
	}
	lk_csv_free(c);
	fclose(f);
	lk_arena_free(a);
	print_message("%s: %zu of %zu clauses recognised (%.3f%%)\n", rel, st.recognised,
	              st.clauses, 100.0 * (double)st.recognised / (double)st.clauses);
	assert_true(st.clauses > 1000);
	assert_true((double)st.recognised >= min * (double)st.clauses);
}

static void test_lists_ofac_remarks__clauses_recognised_over_99_percent(void **state)
{
	(void)state;
	recognised_fraction(SDN_2024 "/sdn.csv", 0.995);
	recognised_fraction(SDN_2021 "/sdn.csv", 0.995);
	recognised_fraction(SDN_2019 "/sdn.csv", 0.99);
	recognised_fraction(CONS_2025 "/cons_prim.csv", 0.99);
}

/* ---- the remarks, clause by clause ---- */

typedef struct remarks_case {
	lk_arena *a;
	lk_entity *e;
	lk_ofac_remarks_stats st;
} remarks_case;

static void remarks(remarks_case *rc, lk_schema schema, const char *text)
{
	memset(rc, 0, sizeof *rc);
	rc->a = lk_arena_new(0);
	assert_non_null(rc->a);
	rc->e = lk_entity_new(rc->a, schema, "test", "ofac", "1");
	assert_non_null(rc->e);
	assert_int_equal(lk_ofac__parse_remarks(rc->e, rc->a, text, strlen(text), "sdn.csv:2",
	                                        &rc->st), 0);
}

static void test_lists_ofac_remarks__dates(void **state)
{
	remarks_case r;

	(void)state;
	remarks(&r, LK_SCHEMA_PERSON, "DOB 07 Oct 1952; alt. DOB Oct 1953; DOB circa 1951; "
	        "DOB 1960 to 1962; DOB 01 Mar 1970 to 31 Mar 1970; DOB circa 1979-1981; "
	        "DOB 1990.");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1952-10-07");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1953-10");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1951");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1960");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1961");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1962");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1970-03");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1979");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1980");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1981");
	assert_has(r.e, LK_PROP_BIRTH_DATE, "1990");
	assert_int_equal(lk_entity_count(r.e, LK_PROP_BIRTH_DATE), 11);
	assert_int_equal(r.st.clauses, 7);
	assert_int_equal(r.st.recognised, 7);
	lk_arena_free(r.a);

	/* A date that is not one goes to notes, whole. */
	remarks(&r, LK_SCHEMA_PERSON, "DOB sometime in spring");
	assert_int_equal(lk_entity_count(r.e, LK_PROP_BIRTH_DATE), 0);
	assert_has(r.e, LK_PROP_NOTES, "DOB sometime in spring");
	assert_int_equal(r.st.recognised, 0);
	lk_arena_free(r.a);
}

static void test_lists_ofac_remarks__documents(void **state)
{
	remarks_case r;
	const char *o;

	(void)state;
	remarks(&r, LK_SCHEMA_PERSON,
	        "Passport 123 (Russia) issued 2010 expires 2015; alt. Passport G025057 issued 23 "
	        "Jun 1999 expires 05 Feb 2004; National ID No. D489833(9) (Hong Kong); Cedula No. "
	        "6068015 (Colombia); Tax ID No. 7744001497 (Russia); Gender Female; nationality "
	        "Russia; citizen Korea, North; POB Moscow, Russia; Digital Currency Address - XBT "
	        "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo; Email Address a@b.ru; Website http://x.ru; "
	        "Telephone: 0097282851500");
	assert_has(r.e, LK_PROP_PASSPORT_NUMBER, "123");
	o = origin_of(r.e, LK_PROP_PASSPORT_NUMBER, "123");
	assert_non_null(o);
	assert_string_equal(o, "sdn.csv:2 Passport (Russia)");
	assert_has(r.e, LK_PROP_PASSPORT_NUMBER, "G025057");
	assert_has(r.e, LK_PROP_ID_NUMBER, "D489833(9)");
	assert_has(r.e, LK_PROP_ID_NUMBER, "6068015");
	assert_has(r.e, LK_PROP_TAX_NUMBER, "7744001497");
	/* A person's tax number says nothing of a jurisdiction. */
	assert_int_equal(lk_entity_count(r.e, LK_PROP_JURISDICTION), 0);
	assert_has(r.e, LK_PROP_GENDER, "female");
	assert_has(r.e, LK_PROP_NATIONALITY, lk_country_code("Russia"));
	assert_has(r.e, LK_PROP_CITIZENSHIP, lk_country_code("Korea, North"));
	assert_has(r.e, LK_PROP_BIRTH_PLACE, "Moscow, Russia");
	assert_has(r.e, LK_PROP_ID_NUMBER, "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo");
	assert_string_equal(origin_of(r.e, LK_PROP_ID_NUMBER, "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo"),
	                    "sdn.csv:2 Digital Currency Address - XBT");
	assert_has(r.e, LK_PROP_EMAIL, "a@b.ru");
	assert_has(r.e, LK_PROP_WEBSITE, "http://x.ru");
	assert_has(r.e, LK_PROP_PHONE, "0097282851500");
	assert_int_equal(r.st.recognised, r.st.clauses);
	assert_int_equal(lk_entity_count(r.e, LK_PROP_NOTES), 0);
	lk_arena_free(r.a);
}

static void test_lists_ofac_remarks__organisations_vessels_aircraft(void **state)
{
	remarks_case r;

	(void)state;
	remarks(&r, LK_SCHEMA_ORGANIZATION,
	        "Registration Number 1027700132195 (Russia); SWIFT/BIC SABRRUMM; Legal Entity "
	        "Number 253400WSS48YWMBUA688; Organization Established Date 18 Aug 1922; "
	        "Organization Type: Passenger air transport; Target Type Financial Institution; "
	        "Company Number IMO 5055293; Secondary sanctions risk: section 1(b) of Executive "
	        "Order 13224; Listing Date (EO 14024 Directive 2): 24 Feb 2022; Linked To: BANK "
	        "ROSSIYA; f.k.a. 'OLD NAME'; n.k.a. 'NEW NAME'; a.k.a. 'SHORT'");
	assert_has(r.e, LK_PROP_REGISTRATION_NUMBER, "1027700132195");
	assert_has(r.e, LK_PROP_JURISDICTION, lk_country_code("Russia"));
	assert_has(r.e, LK_PROP_SWIFT_BIC, "SABRRUMM");
	assert_has(r.e, LK_PROP_LEI_CODE, "253400WSS48YWMBUA688");
	assert_has(r.e, LK_PROP_INCORPORATION_DATE, "1922-08-18");
	assert_has(r.e, LK_PROP_SECTOR, "Passenger air transport");
	assert_has(r.e, LK_PROP_CLASSIFICATION, "Financial Institution");
	assert_has(r.e, LK_PROP_IMO_NUMBER, "5055293");
	assert_has(r.e, LK_PROP_NOTES,
	           "Secondary sanctions risk: section 1(b) of Executive Order 13224");
	assert_has(r.e, LK_PROP_NOTES, "Listing Date (EO 14024 Directive 2): 24 Feb 2022");
	assert_has(r.e, LK_PROP_LINKED_TO, "BANK ROSSIYA");
	assert_has(r.e, LK_PROP_PREVIOUS_NAME, "OLD NAME");
	assert_has(r.e, LK_PROP_WEAK_ALIAS, "NEW NAME");
	assert_has(r.e, LK_PROP_WEAK_ALIAS, "SHORT");
	assert_int_equal(r.st.recognised, r.st.clauses);
	lk_arena_free(r.a);

	remarks(&r, LK_SCHEMA_VESSEL, "Vessel Registration Identification IMO 9256860 (Russia); "
	        "MMSI 572469210; Other Vessel Flag Malta; Former Vessel Flag Tanzania; Vessel Year "
	        "of Build 1999; Other Vessel Call Sign 9HA1234");
	assert_has(r.e, LK_PROP_IMO_NUMBER, "9256860");
	assert_has(r.e, LK_PROP_MMSI, "572469210");
	assert_has(r.e, LK_PROP_FLAG, lk_country_code("Malta"));
	assert_has(r.e, LK_PROP_NOTES, "Former Vessel Flag Tanzania");
	assert_has(r.e, LK_PROP_BUILD_DATE, "1999");
	assert_has(r.e, LK_PROP_CALL_SIGN, "9HA1234");
	lk_arena_free(r.a);

	remarks(&r, LK_SCHEMA_AIRPLANE, "Aircraft Construction Number (also called L/N or S/N or "
	        "F/N) 8401; Aircraft Manufacturer's Serial Number (MSN) 1023409321; Aircraft Model "
	        "A300B4-622R; Aircraft Operator Iran Air; Aircraft Tail Number EP-IBA; Aircraft "
	        "Manufacture Date 01 Jan 1992");
	assert_has(r.e, LK_PROP_SERIAL_NUMBER, "8401");
	assert_has(r.e, LK_PROP_SERIAL_NUMBER, "1023409321");
	assert_has(r.e, LK_PROP_MODEL, "A300B4-622R");
	assert_has(r.e, LK_PROP_LINKED_TO, "Iran Air");
	assert_has(r.e, LK_PROP_REGISTRATION_NUMBER, "EP-IBA");
	assert_has(r.e, LK_PROP_BUILD_DATE, "1992-01-01");
	assert_int_equal(r.st.recognised, r.st.clauses);
	lk_arena_free(r.a);
}

static void test_lists_ofac_remarks__unknown_and_cut_clauses_go_to_notes(void **state)
{
	remarks_case r;

	(void)state;
	/* The last clause was cut at 1,000 characters: no half alias is invented. */
	remarks(&r, LK_SCHEMA_ORGANIZATION, "Frobnication Index 12; a.k.a. 'WHOIS HACKIN");
	assert_has(r.e, LK_PROP_NOTES, "Frobnication Index 12");
	assert_has(r.e, LK_PROP_NOTES, "a.k.a. 'WHOIS HACKIN");
	assert_int_equal(lk_entity_count(r.e, LK_PROP_WEAK_ALIAS), 0);
	assert_int_equal(r.st.clauses, 2);
	assert_int_equal(r.st.recognised, 0);
	lk_arena_free(r.a);

	/* Names with apostrophes, abbreviations ending a link. */
	remarks(&r, LK_SCHEMA_ORGANIZATION, "a.k.a. 'AL-QA'IDA'; Linked To: BANCO X, S.A.");
	assert_has(r.e, LK_PROP_WEAK_ALIAS, "AL-QA'IDA");
	assert_has(r.e, LK_PROP_LINKED_TO, "BANCO X, S.A.");
	lk_arena_free(r.a);

	/* Empty and separator-only remarks add nothing. */
	remarks(&r, LK_SCHEMA_PERSON, " ; ;; .");
	assert_int_equal(r.e->nvalues, 0);
	lk_arena_free(r.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_ofac_remarks__clauses_recognised_over_99_percent),
		cmocka_unit_test(test_lists_ofac_remarks__dates),
		cmocka_unit_test(test_lists_ofac_remarks__documents),
		cmocka_unit_test(test_lists_ofac_remarks__organisations_vessels_aircraft),
		cmocka_unit_test(test_lists_ofac_remarks__unknown_and_cut_clauses_go_to_notes),
	};

	return cmocka_run_group_tests_name("ofac_remarks", tests, NULL, NULL);
}

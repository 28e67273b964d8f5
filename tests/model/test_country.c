/*
 * test_country.c - country names and codes, on the spellings the real lists use.
 *
 * The real-file tests extract every distinct country string from the UN, OFAC, UK and EU
 * files (the same fields the parsers read) and check that nearly all of them map.
 */
#include "lk_test.h"
#include "core/csv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect(const char *name, const char *code)
{
	const char *got = lk_country_code(name);
	if (!code) {
		if (got)
			fail_msg("\"%s\" mapped to %s, expected no mapping", name ? name : "(null)",
			         got);
		return;
	}
	if (!got || strcmp(got, code) != 0)
		fail_msg("\"%s\" mapped to %s, expected %s", name ? name : "(null)",
		         got ? got : "NULL", code);
}

static void test_model_country__spellings_lists_use(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"Russia", "ru"}, {"Russian Federation", "ru"}, {"RU", "ru"}, {"RUS", "ru"},
		{"Korea, North", "kp"}, {"North Korea", "kp"},
		{"Democratic People's Republic of Korea", "kp"}, {"DPRK", "kp"},
		{"Democratic People\xE2\x80\x99s Republic of Korea", "kp"}, {"Korea, South", "kr"},
		{"Republic of Korea", "kr"}, {"Iran", "ir"}, {"Iran (Islamic Republic of)", "ir"},
		{"Syria", "sy"}, {"Syrian Arab Republic", "sy"}, {"Burma", "mm"}, {"Myanmar", "mm"},
		{"Congo, Democratic Republic of the", "cd"},
		{"Democratic Republic of the Congo", "cd"},
		{"Congo, Republic of the", "cg"}, {"Cote d'Ivoire", "ci"},
		{"C\xC3\xB4te d'Ivoire", "ci"}, {"Cote d Ivoire", "ci"}, {"T\xC3\xBCrkiye", "tr"},
		{"Turkey", "tr"}, {"United Kingdom", "gb"}, {"UK", "gb"},
		{"United Kingdom of Great Britain and Northern Ireland", "gb"},
		{"United States", "us"}, {"USA", "us"}, {"United States of America", "us"},
		{"Palestinian", "ps"}, {"West Bank", "ps"}, {"Gaza", "ps"}, {"Region: Gaza", "ps"},
		{"Region: West Bank", "ps"}, {"State of Palestine", "ps"}, {"Kosovo", "xk"},
		{"Libyan Arab Jamahiriya", "ly"}, {"Virgin Islands, British", "vg"},
		{"United Republic of Tanzania", "tz"}, {"Viet Nam", "vn"}, {"Lao", "la"},
		{"The Gambia", "gm"}, {"Bahamas, The", "bs"}, {"Man, Isle of", "im"},
		{"North Macedonia, The Republic of", "mk"}, {"Afghan", "af"}, {"Tunisian", "tn"},
		{"Iraqi", "iq"}, {"Saudi Arabian", "sa"}, {"Filipino", "ph"}, {"British", "gb"},
		{"USSR", "suhh"}, {"former Yugoslavia", "yucs"}, {"Ukrainian SSR", "ua"},
		{"Region: Crimea", "ua"}, {"China, Hong Kong Special Administrative Region", "hk"},
		/* what the EU writes: alpha-3 */
		{"IRQ", "iq"}, {"AFG", "af"}, {"PRK", "kp"}, {"XKX", "xk"},
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cases); i++)
		expect(cases[i][0], cases[i][1]);
}

static void test_model_country__matching_ignores_case_punctuation_and_spaces(void **state)
{
	(void)state;
	expect("  korea,   NORTH ", "kp");
	expect("COTE D'IVOIRE", "ci");
	expect("Co\xCC\x82te d\xE2\x80\x99Ivoire", "ci"); /* decomposed accent, curly quote */
	expect("IRAN (ISLAMIC REPUBLIC OF.)", "ir");
	expect("guinea-bissau", "gw");
	expect("Guinea Bissau", "gw");
	expect("russian\xC2\xA0" "federation", "ru");
}

static void test_model_country__qualifiers_are_stripped(void **state)
{
	(void)state;
	expect("Afghanistan (previous address)", "af");
	expect("Kuwait (residence as at Mar", "kw");
	expect("Kuwaiti citizenship", "kw");
	expect("possibly Palestinian", "ps");
	expect("Sudanese by birth", "sd");
	expect("Latakia Province, Syria", "sy");
	expect("the Philippines", "ph");
}

static void test_model_country__unknown_is_null(void **state)
{
	(void)state;
	expect("Atlantis", NULL);
	expect("", NULL);
	expect("   ", NULL);
	expect("undetermined", NULL);
	expect("Korea", NULL); /* which one? */
	expect("Iran / unknown", NULL);
	expect("Region: Kafia Kingi", NULL);
	expect(NULL, NULL);
	char longname[4000];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	expect(longname, NULL);
	expect("\xFF\xFE invalid", NULL);
}

static void test_model_country__every_code_has_a_name_that_maps_back(void **state)
{
	(void)state;
	size_t n = 0;
	for (char a = 'a'; a <= 'z'; a++) {
		for (char b = 'a'; b <= 'z'; b++) {
			char code[3] = {a, b, 0};
			const char *name = lk_country_name(code);
			if (!name)
				continue;
			n++;
			const char *back = lk_country_code(name);
			if (!back || strcmp(back, code) != 0)
				fail_msg("%s -> \"%s\" -> %s", code, name, back ? back : "NULL");
			char upper[3] = {(char)(a - 32), (char)(b - 32), 0};
			assert_string_equal(lk_country_code(upper), code);
			assert_ptr_equal(lk_country_name(upper), name);
		}
	}
	/* the 249 ISO 3166-1 countries and Kosovo */
	assert_int_equal(n, 250);
	assert_string_equal(lk_country_name("ru"), "Russian Federation");
	assert_string_equal(lk_country_name("suhh"), "Soviet Union");
	assert_null(lk_country_name("zz"));
	assert_null(lk_country_name("rus"));
	assert_null(lk_country_name(NULL));
}

/* ---- the real files ---- */

typedef struct strset {
	lk_strmap *map;
	const char *what;
} strset;

static void set_add(strset *s, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
		v++, n--;
	while (n > 0 && strchr(" \t\r\n.;,", v[n - 1]))
		n--;
	if (n == 0 || (n == 3 && memcmp(v, "-0-", 3) == 0))
		return;
	char buf[512];
	if (n >= sizeof buf)
		return;
	memcpy(buf, v, n);
	buf[n] = 0;
	assert_int_equal(lk_strmap_put(s->map, buf, (void *)1), 0);
}

/* Replace the XML entities the UN file uses. */
static size_t xml_unescape(char *s, size_t n)
{
	static const char *const ents[][2] = {
		{"&apos;", "'"}, {"&quot;", "\""}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
	};
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		for (size_t e = 0; e < LK_ARRAY_SIZE(ents) && !k; e++) {
			size_t el = strlen(ents[e][0]);
			if (i + el <= n && memcmp(s + i, ents[e][0], el) == 0) {
				s[o++] = ents[e][1][0];
				k = el;
			}
		}
		if (!k)
			s[o++] = s[i], k = 1;
		i += k;
	}
	return o;
}

/* Every text of <tag>...</tag> in the file, or if within is not NULL, of <tag> inside
 * <within> blocks. */
static void collect_xml(strset *s, const char *rel, const char *tag, const char *within)
{
	size_t len;
	char *doc = lk_test_read_file(lk_test_data(rel), &len);
	char open[64], close[64], wopen[64], wclose[64];
	snprintf(open, sizeof open, "<%s>", tag);
	snprintf(close, sizeof close, "</%s>", tag);
	snprintf(wopen, sizeof wopen, "<%s>", within ? within : "");
	snprintf(wclose, sizeof wclose, "</%s>", within ? within : "");
	char *p = doc;
	while ((p = strstr(p, within ? wopen : open))) {
		/* the region to search: the <within> block, or the rest of the document */
		char *end = within ? strstr(p, wclose) : doc + len;
		if (!end)
			break;
		char save = *end;
		*end = 0;
		char *q = p, *e = NULL;
		while ((q = strstr(q, open)) && (e = strstr(q + strlen(open), close))) {
			q += strlen(open);
			set_add(s, q, xml_unescape(q, (size_t)(e - q)));
			q = e;
		}
		*end = save;
		if (!within)
			break;
		p = end;
	}
	free(doc);
}

static lk_csv *open_csv(FILE **f, const char *rel)
{
	*f = fopen(lk_test_data(rel), "rb");
	if (!*f)
		fail_msg("cannot open %s", rel);
	lk_csv *c = lk_csv_new(*f, rel, ',', LK_CSV_AUTO);
	assert_non_null(c);
	return c;
}

static void collect_csv_column(strset *s, const char *rel, size_t col)
{
	FILE *f;
	lk_csv *c = open_csv(&f, rel);
	int rc;
	while ((rc = lk_csv_next(c)) == 1)
		if (lk_csv_nfields(c) > col)
			set_add(s, lk_csv_field(c, col), lk_csv_field_len(c, col));
	assert_int_equal(rc, 0);
	lk_csv_free(c);
	fclose(f);
}

/* "nationality X;" and "citizen X;" in OFAC remarks (column 12). */
static void collect_ofac_remarks(strset *s, const char *rel)
{
	static const char *const keys[] = {"nationality ", "citizen "};
	FILE *f;
	lk_csv *c = open_csv(&f, rel);
	int rc;
	while ((rc = lk_csv_next(c)) == 1) {
		if (lk_csv_nfields(c) < 12)
			continue;
		const char *r = lk_csv_field(c, 11);
		for (size_t k = 0; k < LK_ARRAY_SIZE(keys); k++) {
			for (const char *p = r; (p = strstr(p, keys[k])); p++) {
				if (p != r && !(p >= r + 2 && p[-1] == ' ' && p[-2] == ';'))
					continue;
				const char *v = p + strlen(keys[k]);
				set_add(s, v, strcspn(v, ";"));
			}
		}
	}
	assert_int_equal(rc, 0);
	lk_csv_free(c);
	fclose(f);
}

/* Length of a list marker at v[i] ("(1)", "2)", "(a)", "b)") not inside a word, or 0. */
static size_t marker_len(const char *v, size_t i)
{
	size_t k = i;
	if (i > 0 && (isalnum((unsigned char)v[i - 1]) || v[i - 1] == '('))
		return 0;
	if (v[k] == '(')
		k++;
	size_t d = k;
	while (d - k < 2 && v[d] >= '0' && v[d] <= '9')
		d++;
	if (d == k && v[d] >= 'a' && v[d] <= 'e')
		d++;
	return d > k && v[d] == ')' ? d + 1 - i : 0;
}

/* UK columns by header name; cells list several values as "(1) X (2) Y" or "1) X 2) Y". */
static void collect_uk(strset *s, const char *rel, const char *colname)
{
	FILE *f;
	lk_csv *c = open_csv(&f, rel);
	int rc;
	long col = -1;
	while ((rc = lk_csv_next(c)) == 1) {
		if (col < 0) {
			for (size_t i = 0; i < lk_csv_nfields(c); i++)
				if (strcmp(lk_csv_field(c, i), colname) == 0)
					col = (long)i;
			continue;
		}
		const char *v = lk_csv_field(c, (size_t)col);
		size_t n = strlen(v), start = 0;
		for (size_t i = 0; i < n; i++) {
			size_t m = marker_len(v, i);
			if (m) {
				set_add(s, v + start, i - start);
				start = i + m;
				i = start - 1;
			}
		}
		set_add(s, v + start, n - start);
	}
	assert_int_equal(rc, 0);
	assert_true(col >= 0);
	lk_csv_free(c);
	fclose(f);
}

/* Count the distinct strings that map; print the others (for the record). */
static double mapped_fraction(strset *s, size_t *total)
{
	size_t iter = 0, n = 0, ok = 0;
	const char *key;
	void *val;
	while (lk_strmap_next(s->map, &iter, &key, &val)) {
		n++;
		if (lk_country_code(key))
			ok++;
		else
			print_message("  %s: unmapped \"%s\"\n", s->what, key);
	}
	print_message("%s: %zu of %zu distinct strings map\n", s->what, ok, n);
	*total = n;
	return n ? (double)ok / (double)n : 0;
}

static void test_model_country__real_un_values_all_map(void **state)
{
	(void)state;
	strset s = {lk_strmap_new(), "UN 2026 and 2016"};
	static const char *const files[] = {"lists/un/un_consolidated_20260227.xml",
	                                    "lists/un/un_consolidated_20160211_sample.xml"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(files); i++) {
		collect_xml(&s, files[i], "VALUE", "NATIONALITY");
		collect_xml(&s, files[i], "COUNTRY", NULL);
		collect_xml(&s, files[i], "COUNTRY_OF_ISSUE", NULL);
		collect_xml(&s, files[i], "ISSUING_COUNTRY", NULL);
	}
	size_t n;
	double f = mapped_fraction(&s, &n);
	/* the two that do not map name no country: "Iran / unknown", "Unconfirmed (likely
	 * Iran)" */
	assert_true(n >= 80);
	assert_true(n - (size_t)(f * (double)n + 0.5) <= 2);
	lk_strmap_free(s.map);
}

static void test_model_country__real_ofac_values_map(void **state)
{
	(void)state;
	strset add = {lk_strmap_new(), "OFAC add.csv country"};
	static const char *const adds[] = {
		"lists/ofac/sdn-2019-01/add.csv", "lists/ofac/sdn-2021-07/add.csv",
		"lists/ofac/partial-2025-01/add.csv", "lists/ofac/partial-2025-12/add.csv",
		"lists/ofac/cons-2025-12-19/cons_add.csv",
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(adds); i++)
		collect_csv_column(&add, adds[i], 4);
	size_t n;
	double f = mapped_fraction(&add, &n);
	assert_true(n >= 180);
	/* unmapped: "undetermined" and regions that are no one country (Kafia Kingi, Jammu and
	 * Kashmir, the CIS) */
	assert_true(f >= 0.97);
	lk_strmap_free(add.map);

	strset rem = {lk_strmap_new(), "OFAC remarks nationality/citizen"};
	static const char *const sdns[] = {
		"lists/ofac/sdn-2019-01/sdn.csv", "lists/ofac/sdn-2021-07/sdn.csv",
		"lists/ofac/sdn-2024-05-03/sdn.csv", "lists/ofac/cons-2025-12-19/cons_prim.csv",
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(sdns); i++)
		collect_ofac_remarks(&rem, sdns[i]);
	f = mapped_fraction(&rem, &n);
	assert_true(n >= 100);
	assert_true(f >= 0.97);
	lk_strmap_free(rem.map);
}

static void test_model_country__real_uk_and_eu_values_map(void **state)
{
	(void)state;
	strset uk = {lk_strmap_new(), "UK Nationality/Country/Country of Birth"};
	static const char *const files[] = {
		"lists/uk/hmt_ofsi_ConList_20180413.csv", "lists/uk/hmt_ConList_20140402.csv"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(files); i++) {
		collect_uk(&uk, files[i], "Nationality");
		collect_uk(&uk, files[i], "Country");
		collect_uk(&uk, files[i], "Country of Birth");
	}
	size_t n;
	double f = mapped_fraction(&uk, &n);
	assert_true(n >= 150);
	/* the rest are free text ("Iran / unknown", "DRC and Belgian nationalities", towns) */
	assert_true(f >= 0.90);
	lk_strmap_free(uk.map);

	strset eu = {lk_strmap_new(), "EU legacy XML COUNTRY"};
	collect_xml(&eu, "lists/eu/eu_legacy_global_20160211_sample.xml", "COUNTRY", NULL);
	f = mapped_fraction(&eu, &n);
	assert_true(n >= 30);
	assert_true(f == 1.0);
	lk_strmap_free(eu.map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_country__spellings_lists_use),
		cmocka_unit_test(test_model_country__matching_ignores_case_punctuation_and_spaces),
		cmocka_unit_test(test_model_country__qualifiers_are_stripped),
		cmocka_unit_test(test_model_country__unknown_is_null),
		cmocka_unit_test(test_model_country__every_code_has_a_name_that_maps_back),
		cmocka_unit_test(test_model_country__real_un_values_all_map),
		cmocka_unit_test(test_model_country__real_ofac_values_map),
		cmocka_unit_test(test_model_country__real_uk_and_eu_values_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

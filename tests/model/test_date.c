/*
 * test_date.c - partial dates in the forms the lists write, and every date in the real files.
 */
#include "lk_test.h"
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect(const char *text, const char *iso)
{
	char buf[11];
	const char *got = lk_date_normalize(text, buf);
	if (!iso) {
		if (got)
			fail_msg("\"%s\" read as %s, expected rejection", text ? text : "(null)",
			         got);
		return;
	}
	if (!got || strcmp(got, iso) != 0)
		fail_msg("\"%s\" read as %s, expected %s", text ? text : "(null)",
		         got ? got : "nothing", iso);
}

static void test_model_date__forms_the_lists_use(void **state)
{
	(void)state;
	/* UN and EU */
	expect("1952-10-07", "1952-10-07");
	expect("1969-7-16", "1969-07-16"); /* unpadded month and day */
	expect("1969-7", "1969-07");
	expect("1952-10", "1952-10");
	expect("1952", "1952");
	expect("1952 (approximative)", "1952");
	/* UK, day first, 00 for unknown parts */
	expect("07/10/1952", "1952-10-07");
	expect("7/1/1952", "1952-01-07");
	expect("00/00/1933", "1933");
	expect("00/10/1933", "1933-10");
	expect("07/00/1933", "1933"); /* a day without its month is no use */
	/* OFAC remarks */
	expect("07 Oct 1952", "1952-10-07");
	expect("Oct 1952", "1952-10");
	expect("circa 1960", "1960");
	expect("circa 07 Oct 1952", "1952"); /* approximate: only the year is meant */
	expect("07 Oct 1952.", "1952-10-07");
	expect("1961", "1961");
	/* and the rest of the header's forms */
	expect("7 October 1952", "1952-10-07");
	expect("October 7, 1952", "1952-10-07");
	expect("c. 1952", "1952");
	expect("ca. 1952", "1952");
	expect("approximately 1952", "1952");
	expect("Sept 2001", "2001-09");
	expect("1st Sept. 2001", "2001-09-01");
	expect("07.10.1952", "1952-10-07");
	expect("  07   OCT\t1952 ", "1952-10-07");
	expect("2024-03-14T10:15:00Z", "2024-03-14");
	expect("1952/10/07", "1952-10-07");
	expect("1952-00-00", "1952");
	expect("29 Feb 2000", "2000-02-29");
}

static void test_model_date__impossible_and_garbage_rejected(void **state)
{
	(void)state;
	expect("2001-02-30", NULL);
	expect("29 Feb 1900", NULL); /* 1900 was no leap year */
	expect("31/04/1970", NULL);
	expect("1952-13", NULL);
	expect("32 Oct 1952", NULL);
	expect("0000", NULL);
	expect("52", NULL);
	expect("07/10/52", NULL); /* two-digit years are ambiguous */
	expect("19521", NULL);
	expect("1961 to 1963", NULL); /* a range: the caller splits it */
	expect("1963-1965", NULL);
	expect("1952-10-07 to 1953", NULL);
	expect("Oct Nov 1952", NULL);
	expect("07 1952", NULL);
	expect("Tall 'Afar", NULL);
	expect("", NULL);
	expect("circa", NULL);
	expect(NULL, NULL);
	char longtext[300];
	memset(longtext, '1', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = 0;
	expect(longtext, NULL);
	lk_date d = {1, 2, 3};
	assert_int_equal(lk_date_parse(&d, "2001-02-30"), LK_EINVALID);
	assert_int_equal(lk_date_parse(&d, "07 Oct 1952"), 0);
	assert_int_equal(d.year, 1952);
	assert_int_equal(d.month, 10);
	assert_int_equal(d.day, 7);
}

static void test_model_date__format(void **state)
{
	(void)state;
	char buf[11];
	lk_date d = {1952, 0, 0};
	assert_string_equal(lk_date_format(&d, buf), "1952");
	d.month = 10;
	assert_string_equal(lk_date_format(&d, buf), "1952-10");
	d.day = 7;
	assert_string_equal(lk_date_format(&d, buf), "1952-10-07");
	d = (lk_date){987, 1, 2};
	assert_string_equal(lk_date_format(&d, buf), "0987-01-02");
	d = (lk_date){1952, 0, 7}; /* no month: the day is not shown */
	assert_string_equal(lk_date_format(&d, buf), "1952");
}

/* Check one date text from a real file: ranges ("1961 to 1963", "01 Jan 1961 to 31 Dec 1963")
 * are split here as the parsers do, and each side must read. */
static void check_real(const char *what, const char *text, size_t *n, size_t *ok)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", text);
	char *to = strstr(buf, " to ");
	const char *parts[2] = {buf, NULL};
	if (to) {
		*to = 0;
		parts[1] = to + 4;
	}
	for (size_t i = 0; i < 2 && parts[i]; i++) {
		char iso[11];
		(*n)++;
		if (lk_date_normalize(parts[i], iso))
			(*ok)++;
		else
			print_message("  %s: unread \"%s\"\n", what, parts[i]);
	}
}

/* Every "DOB ..." in the remarks of the three OFAC SDN files. The only texts that do not
 * read are "circa 1963-1965" style ranges written with a hyphen (3 in 2024). */
static void test_model_date__every_real_ofac_dob(void **state)
{
	(void)state;
	static const char *const files[] = {"lists/ofac/sdn-2024-05-03/sdn.csv",
	                                    "lists/ofac/sdn-2021-07/sdn.csv",
	                                    "lists/ofac/sdn-2019-01/sdn.csv"};
	size_t n = 0, ok = 0, hyphen_ranges = 0;
	for (size_t k = 0; k < LK_ARRAY_SIZE(files); k++) {
		FILE *f = fopen(lk_test_data(files[k]), "rb");
		assert_non_null(f);
		lk_csv *c = lk_csv_new(f, files[k], ',', LK_CSV_AUTO);
		int rc;
		while ((rc = lk_csv_next(c)) == 1) {
			const char *r = lk_csv_field(c, 11);
			for (const char *p = r; (p = strstr(p, "DOB ")); p += 4) {
				char v[128];
				size_t len = strcspn(p + 4, ";");
				if (len >= sizeof v)
					len = sizeof v - 1;
				memcpy(v, p + 4, len);
				v[len] = 0;
				const char *dash = strchr(v, '-');
				if (dash && dash > v && dash[-1] >= '0' && dash[-1] <= '9' &&
				    strlen(dash + 1) >= 4) {
					hyphen_ranges++;
					continue;
				}
				check_real(files[k], v, &n, &ok);
			}
		}
		assert_int_equal(rc, 0);
		lk_csv_free(c);
		fclose(f);
	}
	print_message("OFAC DOB: %zu of %zu read, %zu hyphen ranges\n", ok, n, hyphen_ranges);
	assert_true(n > 17000);
	assert_int_equal(ok, n);
	assert_true(hyphen_ranges <= 10);
}

/* The UK 2018 DOB column: every dd/mm/yyyy value reads, including 00/00/yyyy. */
static void test_model_date__every_real_uk_dob(void **state)
{
	(void)state;
	const char *rel = "lists/uk/hmt_ofsi_ConList_20180413.csv";
	FILE *f = fopen(lk_test_data(rel), "rb");
	assert_non_null(f);
	lk_csv *c = lk_csv_new(f, rel, ',', LK_CSV_AUTO);
	long col = -1;
	size_t n = 0, ok = 0, year_only = 0;
	int rc;
	while ((rc = lk_csv_next(c)) == 1) {
		if (col < 0) {
			for (size_t i = 0; i < lk_csv_nfields(c); i++)
				if (strcmp(lk_csv_field(c, i), "DOB") == 0)
					col = (long)i;
			continue;
		}
		const char *v = lk_csv_field(c, (size_t)col);
		if (!*v)
			continue;
		char iso[11];
		n++;
		if (lk_date_normalize(v, iso)) {
			ok++;
			year_only += strncmp(v, "00/00/", 6) == 0 && strlen(iso) == 4;
		} else {
			print_message("  UK: unread \"%s\"\n", v);
		}
	}
	assert_int_equal(rc, 0);
	print_message("UK DOB: %zu of %zu read, %zu year only\n", ok, n, year_only);
	assert_true(n > 5000);
	assert_int_equal(ok, n);
	assert_true(year_only > 1000);
	lk_csv_free(c);
	fclose(f);
}

/* Every <DATE>, <YEAR>, <FROM_YEAR>, <TO_YEAR> in the UN 2026 list. "1970-1975" in YEAR is a
 * range (the UN parser splits it). */
static void test_model_date__every_real_un_date(void **state)
{
	(void)state;
	size_t len;
	char *doc = lk_test_read_file(lk_test_data("lists/un/un_consolidated_20260227.xml"), &len);
	static const char *const tags[] = {"DATE", "YEAR", "FROM_YEAR", "TO_YEAR"};
	size_t n = 0, ok = 0;
	for (size_t t = 0; t < LK_ARRAY_SIZE(tags); t++) {
		char open[32];
		snprintf(open, sizeof open, "<%s>", tags[t]);
		for (char *p = doc; (p = strstr(p, open)); p++) {
			char v[64];
			const char *s = p + strlen(open);
			size_t k = strcspn(s, "<");
			if (k >= sizeof v)
				continue;
			memcpy(v, s, k);
			v[k] = 0;
			if (k == 9 && v[4] == '-')
				snprintf(v, sizeof v, "%.4s to %.4s", s, s + 5);
			check_real("UN", v, &n, &ok);
		}
	}
	free(doc);
	print_message("UN dates: %zu of %zu read\n", ok, n);
	assert_true(n > 850);
	assert_int_equal(ok, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_date__forms_the_lists_use),
		cmocka_unit_test(test_model_date__impossible_and_garbage_rejected),
		cmocka_unit_test(test_model_date__format),
		cmocka_unit_test(test_model_date__every_real_ofac_dob),
		cmocka_unit_test(test_model_date__every_real_uk_dob),
		cmocka_unit_test(test_model_date__every_real_un_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

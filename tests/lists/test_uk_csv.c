/*
 * test_uk_csv.c - the UK HMT/OFSI consolidated list CSV parser on the real files (2014, 2016
 * sample, 2018, 2020 sample), on a fixture in the 2022 column layout, and on broken input.
 *
 * Expected counts were computed from the raw files with Python's csv module (Windows-1252),
 * grouping rows by the "Group ID" column: 2018: 9,487 rows, 2,106 groups (1,426 Individual,
 * 680 Entity); 2014: 8,950 rows, 2,297 groups (1,337 / 960); 2016 sample: 463 groups; 2020
 * sample: 77 rows, 41 groups.
 */
#include "lk_test.h"
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UK2018 "lists/uk/hmt_ofsi_ConList_20180413.csv"
#define UK2014 "lists/uk/hmt_ConList_20140402.csv"
#define UK2016 "lists/uk/hmt_ConList_20160212_sample.csv"
#define UK2020 "lists/uk/ofsi_ConList_sample_2020.csv"
/* Rows of the 2018 file that carry at least one value of their own (see below). */
#define TRACED_ROWS_2018 6259

static lk_list *parse_path(const char *path)
{
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	if (rc)
		fail_msg("%s: %s", path, lk_error_last()->message);
	assert_non_null(l);
	assert_int_equal(l->format, LK_FORMAT_UK_CSV);
	return l;
}

static const lk_entity *entity(const lk_list *l, const char *group_id)
{
	const lk_entity *e = lk_list_find_native(l, group_id);
	if (!e)
		fail_msg("no entity for Group ID %s", group_id);
	return e;
}

static void assert_has(const lk_entity *e, lk_prop p, const char *v)
{
	if (!lk_entity_has(e, p, v))
		fail_msg("%s: no %s \"%s\"", e->id, lk_prop_name(p), v);
}

static void test_lists_uk__2018_has_2106_entities(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(UK2018));
	size_t counts[LK_SCHEMA__COUNT];
	assert_int_equal(l->count, 2106);
	lk_list_count_schemas(l, counts);
	assert_int_equal(counts[LK_SCHEMA_PERSON], 1426);
	assert_int_equal(counts[LK_SCHEMA_ORGANIZATION], 680);
	assert_string_equal(l->source, "uk_hmt");
	assert_non_null(l->published);
	assert_string_equal(l->published, "2018-04-13");
	/* Every entity has a name, an id derived from its Group ID, and a program. */
	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *e = l->entities[i];
		char id[64];
		snprintf(id, sizeof id, "uk-hmt-%s", e->native_id);
		assert_string_equal(e->id, id);
		assert_non_null(lk_entity_first(e, LK_PROP_NAME));
		assert_non_null(e->caption);
		assert_string_equal(e->caption, lk_entity_first(e, LK_PROP_NAME));
		assert_true(lk_entity_count(e, LK_PROP_PROGRAM) >= 1);
	}
	lk_list_free(l);
}

static void test_lists_uk__2014_has_2297_entities(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(UK2014));
	size_t counts[LK_SCHEMA__COUNT];
	assert_int_equal(l->count, 2297);
	lk_list_count_schemas(l, counts);
	assert_int_equal(counts[LK_SCHEMA_PERSON], 1337);
	assert_int_equal(counts[LK_SCHEMA_ORGANIZATION], 960);
	assert_string_equal(l->published, "2014-04-02");
	/* YEATEN Benjamin D. is listed with the impossible DOB 29/02/1969: the month is kept,
	 * no day is invented, and a warning says so. */
	const lk_entity *e = NULL;
	for (size_t i = 0; i < l->count && !e; i++)
		if (lk_entity_has(l->entities[i], LK_PROP_ALIAS, "Benjamin D YEATEN") ||
		    lk_entity_has(l->entities[i], LK_PROP_NAME, "Benjamin D YEATEN"))
			e = l->entities[i];
	assert_non_null(e);
	assert_has(e, LK_PROP_BIRTH_DATE, "1969-02-28");
	assert_has(e, LK_PROP_BIRTH_DATE, "1969-02");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 2);
	bool warned = false;
	for (size_t i = 0; i < l->nwarnings; i++)
		warned |= strstr(l->warnings[i], "impossible or unreadable dates") != NULL;
	assert_true(warned);
	lk_list_free(l);
}

/* The rows of one Group ID, found here from the raw file with the CSV reader alone. */
typedef struct group_rows {
	long *lines;
	size_t n, cap;
} group_rows;

static bool group_has_line(const group_rows *g, long line)
{
	for (size_t k = 0; k < g->n; k++)
		if (g->lines[k] == line)
			return true;
	return false;
}

static void test_lists_uk__rows_per_group_add_up_to_the_file(void **state)
{
	(void)state;
	const char *path = lk_test_data(UK2018);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	lk_csv *c = lk_csv_new(f, path, ',', LK_CSV_AUTO);
	lk_strmap *groups = lk_strmap_new();
	size_t total = 0, gid_col = 0;
	int rc;
	assert_int_equal(lk_csv_next(c), 1); /* Last Updated */
	assert_int_equal(lk_csv_next(c), 1); /* header */
	for (size_t i = 0; i < lk_csv_nfields(c); i++)
		if (strcmp(lk_csv_field(c, i), "Group ID") == 0)
			gid_col = i;
	assert_int_equal(gid_col, 28);
	while ((rc = lk_csv_next(c)) == 1) {
		group_rows *g = lk_strmap_get(groups, lk_csv_field(c, gid_col));
		if (!g) {
			g = calloc(1, sizeof *g);
			assert_int_equal(lk_strmap_put(groups, lk_csv_field(c, gid_col), g), 0);
		}
		if (g->n == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 8;
			g->lines = realloc(g->lines, g->cap * sizeof *g->lines);
			assert_non_null(g->lines);
		}
		g->lines[g->n++] = lk_csv_line(c);
		total++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(total, 9487);
	assert_int_equal(lk_strmap_count(groups), 2106);

	/* One entity per group; the rows of the groups add up to the file; every value's
	 * provenance is a row of its own group, and every group's first row is traced. */
	lk_list *l = parse_path(path);
	assert_int_equal(l->count, lk_strmap_count(groups));
	size_t sum = 0, traced = 0;
	const char *key;
	void *val;
	size_t it = 0;
	while (lk_strmap_next(groups, &it, &key, &val)) {
		group_rows *g = val;
		const lk_entity *e = entity(l, key);
		sum += g->n;
		for (size_t v = 0; v < e->nvalues; v++) {
			const char *o = e->values[v].origin;
			assert_non_null(o);
			assert_true(strncmp(o, "hmt_ofsi_ConList_20180413.csv:", 30) == 0);
			if (!group_has_line(g, strtol(o + 30, NULL, 10)))
				fail_msg("%s: value \"%s\" from %s, not a row of Group ID %s", e->id,
				         e->values[v].value, o, key);
		}
		for (size_t k = 0; k < g->n; k++) {
			char origin[64];
			snprintf(origin, sizeof origin, "hmt_ofsi_ConList_20180413.csv:%ld", g->lines[k]);
			bool found = false;
			for (size_t v = 0; v < e->nvalues && !found; v++)
				found = strcmp(e->values[v].origin, origin) == 0;
			if (k == 0 && !found)
				fail_msg("%s: its first row (%s) left no value", e->id, origin);
			traced += found;
		}
	}
	assert_int_equal(sum, 9487);
	/* Rows whose every value repeats other rows of their group leave no provenance of their
	 * own: the list writes the cross product of names and dates of birth, e.g. group 7489 has
	 * THAER Mansour x {1972, 21/03/1974} and ALOUCHE Isam x the same two dates, so its fourth
	 * row adds nothing new. The count is a regression constant (measured, not derived). */
	assert_int_equal(traced, TRACED_ROWS_2018);
	it = 0;
	while (lk_strmap_next(groups, &it, &key, &val)) {
		free(((group_rows *)val)->lines);
		free(val);
	}
	lk_strmap_free(groups);
	lk_csv_free(c);
	fclose(f);
	lk_list_free(l);
}

static void test_lists_uk__dprk_entries_carry_names_dob_passport(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(UK2018));

	/* AN Jong Hyuk (Group 13590): "Prime Alias" row after its "AKA" row in the file. */
	const lk_entity *e = entity(l, "13590");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->id, "uk-hmt-13590");
	assert_string_equal(lk_entity_first(e, LK_PROP_NAME), "Jong Hyuk AN");
	assert_string_equal(e->caption, "Jong Hyuk AN");
	assert_has(e, LK_PROP_ALIAS, "Jong Hyok AN");
	assert_has(e, LK_PROP_LAST_NAME, "AN");
	assert_has(e, LK_PROP_FIRST_NAME, "Jong");
	assert_has(e, LK_PROP_BIRTH_DATE, "1970-03-14");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "563410155");
	assert_has(e, LK_PROP_NOTES, "Passport details: Passport Number. 563410155");
	assert_has(e, LK_PROP_PROGRAM, "North Korea (Democratic People's Republic of Korea)");
	assert_has(e, LK_PROP_POSITION, "Diplomat DPRK Embassy Egypt");
	assert_has(e, LK_PROP_LISTING_DATE, "2018-01-22");

	/* SO Sang-kuk (11039): seven rows per name, one per year of birth 1932..1938. */
	e = entity(l, "11039");
	assert_string_equal(lk_entity_first(e, LK_PROP_NAME), "Sang-kuk SO");
	assert_has(e, LK_PROP_ALIAS, "Sang Kuk SO");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 7);
	for (int y = 1932; y <= 1938; y++) {
		char year[8];
		snprintf(year, sizeof year, "%d", y);
		assert_has(e, LK_PROP_BIRTH_DATE, year);
	}

	/* KIM Jong Sik (13561): Windows-1252 right quote in CHO'NG-SIK decoded to U+2019. */
	e = entity(l, "13561");
	assert_string_equal(lk_entity_first(e, LK_PROP_NAME), "Kim Jong SIK");
	assert_has(e, LK_PROP_ALIAS, "Kim CHO\xE2\x80\x99NG-SIK");
	assert_has(e, LK_PROP_NATIONALITY, "kp");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 3);

	/* AL-QAHTANI / AL-HABABI (13349): partial DOBs, two enumerated nationalities, a passport
	 * number read out of its prose, which is kept in notes. */
	e = entity(l, "13349");
	assert_string_equal(lk_entity_first(e, LK_PROP_NAME), "Nayef Salam Muhammad Ujaym AL-HABABI");
	assert_has(e, LK_PROP_ALIAS, "Sheikh Farooq AL-QAHTANI");
	assert_has(e, LK_PROP_BIRTH_DATE, "1980");
	assert_has(e, LK_PROP_BIRTH_DATE, "1981");
	assert_has(e, LK_PROP_NATIONALITY, "sa");
	assert_has(e, LK_PROP_NATIONALITY, "qa");
	assert_int_equal(lk_entity_count(e, LK_PROP_NATIONALITY), 2);
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "592667");
	assert_has(e, LK_PROP_NOTES, "Passport details: Passport No: 592667 (Qatari passport "
	                             "issued on 3 May 2007).");
	assert_has(e, LK_PROP_COUNTRY, "af");

	/* 12629: a month without a day ("00/09/1977"). */
	e = entity(l, "12629");
	assert_has(e, LK_PROP_BIRTH_DATE, "1977-09");
	assert_has(e, LK_PROP_BIRTH_DATE, "1977-08");

	/* GADET Peter: enumerated titles "a) General b)Major General" are two titles. */
	e = NULL;
	for (size_t i = 0; i < l->count && !e; i++)
		if (lk_entity_has(l->entities[i], LK_PROP_LAST_NAME, "GADET"))
			e = l->entities[i];
	assert_non_null(e);
	assert_has(e, LK_PROP_TITLE, "General");
	assert_has(e, LK_PROP_TITLE, "Major General");
	assert_int_equal(lk_entity_count(e, LK_PROP_TITLE), 2);

	/* FKA rows become previous names (CHANGGWANG CREDIT BANK, 10894). */
	e = entity(l, "10894");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_has(e, LK_PROP_PREVIOUS_NAME, "CHANGGWANG CREDIT BANK");
	lk_list_free(l);
}

static void test_lists_uk__samples_2016_and_2020_header_variants(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_data(UK2016));
	assert_int_equal(l->count, 463);
	assert_string_equal(l->published, "2016-02-12");
	lk_list_free(l);

	/* 2020: no "Last Updated" line and an extra leading empty header column. */
	l = parse_path(lk_test_data(UK2020));
	assert_int_equal(l->count, 41);
	assert_null(l->published);
	const lk_entity *e = entity(l, "13349");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "592667");
	assert_has(e, LK_PROP_BIRTH_DATE, "1980");
	assert_has(e, LK_PROP_PROGRAM, "The ISIL (Da'esh) and Al-Qaida organisations");
	/* The partial copy lost some primary rows: a warning says the first name stood in. */
	bool warned = false;
	for (size_t i = 0; i < l->nwarnings; i++)
		warned |= strstr(l->warnings[i], "no primary-name row") != NULL;
	assert_true(warned);
	lk_list_free(l);
}

static void test_lists_uk__2022_layout_ships_quality_and_scripts(void **state)
{
	(void)state;
	lk_list *l = parse_path(lk_test_fixture("lists/uk_conlist_2022_format.csv"));
	assert_int_equal(l->count, 3);
	assert_string_equal(l->published, "2022-03-16");

	const lk_entity *e = entity(l, "90001");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "Ivan Petrovich EXAMPLOV");
	assert_has(e, LK_PROP_FIRST_NAME, "Ivan");
	assert_has(e, LK_PROP_SECOND_NAME, "Petrovich");
	assert_has(e, LK_PROP_LAST_NAME, "EXAMPLOV");
	assert_has(e, LK_PROP_ALIAS, "Ivan EKZEMPLOV");
	assert_has(e, LK_PROP_ALIAS, "Иван Петрович Экземплов");
	assert_has(e, LK_PROP_WEAK_ALIAS, "VANYA");
	assert_false(lk_entity_has(e, LK_PROP_ALIAS, "VANYA"));
	assert_has(e, LK_PROP_BIRTH_DATE, "1961-05");
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "7512345678");
	assert_has(e, LK_PROP_ID_NUMBER, "123456789012");
	assert_has(e, LK_PROP_NATIONALITY, "ru");
	assert_has(e, LK_PROP_ADDRESS, "1 Example Street, Moscow, 101000, Russia");
	assert_has(e, LK_PROP_LISTING_DATE, "2022-03-15");
	assert_has(e, LK_PROP_MODIFIED_AT, "2022-03-16");

	e = entity(l, "90002");
	assert_int_equal(e->schema, LK_SCHEMA_VESSEL);
	assert_string_equal(e->caption, "EXAMPLE STAR");
	assert_has(e, LK_PROP_ALIAS, "STAR EXAMPLE");
	assert_has(e, LK_PROP_IMO_NUMBER, "9305611");

	e = entity(l, "90003");
	assert_int_equal(e->schema, LK_SCHEMA_ORGANIZATION);
	assert_has(e, LK_PROP_ADDRESS, "Moscow, Russia");
	lk_list_free(l);
}

/* ---- bad input ---- */

static void expect_error_at(const char *path, const char *name, long line, const char *what)
{
	lk_list *l = (lk_list *)1;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);
	if (rc == 0)
		fail_msg("%s parsed without error", path);
	assert_null(l);
	const lk_error *err = lk_error_last();
	if (!strstr(err->message, name) || (what && !strstr(err->message, what)))
		fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", err->message, name,
		         what ? what : "");
	if (line > 0) {
		char at[32];
		snprintf(at, sizeof at, "line %ld", line);
		if (!strstr(err->message, at))
			fail_msg("message \"%s\" does not name %s", err->message, at);
	}
}

static void test_lists_uk__truncated_file_names_file_and_line(void **state)
{
	(void)state;
	/* Offsets chosen in the middle of rows (none falls inside the last field of a row, where
	 * a cut cannot be told from a short Group ID). */
	static const size_t cuts[] = {2000, 100000, 1234567, 2500001, 3600000};
	size_t n;
	char *data = lk_test_read_file(lk_test_data(UK2018), &n);
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/ConList.csv", dir);
	for (size_t i = 0; i < LK_ARRAY_SIZE(cuts); i++) {
		long lines = 1;
		for (size_t k = 0; k < cuts[i]; k++)
			lines += data[k] == '\n';
		lk_test_write_file(path, data, cuts[i]);
		expect_error_at(path, "ConList.csv", lines, NULL);
		assert_true(lk_error_last()->code == LK_EINVALID ||
		            lk_error_last()->code == LK_ETRUNCATED);
	}
	free(data);
	lk_test_rmtree(dir);
	free(dir);
}

static const char HEADER[] =
	"Last Updated,13/04/2018\n"
	"Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
	"Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,"
	"Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,"
	"Listed On,Last Updated,Group ID\n";
static const char ROW[] = "DOE,John,,,,,,01/02/1970,,,,,,,,,,,,,,,,Individual,Prime Alias,"
                          "Test,01/01/2018,01/01/2018,1\n";

static void write_and_expect(const char *content, const char *what, long line)
{
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/uk_bad.csv", dir);
	lk_test_write_file(path, content, strlen(content));
	expect_error_at(path, "uk_bad.csv", line, what);
	lk_test_rmtree(dir);
	free(dir);
}

static void test_lists_uk__wrong_column_counts_are_reported(void **state)
{
	(void)state;
	char buf[2048];
	/* A row with an extra column. */
	snprintf(buf, sizeof buf, "%s%sDOE,Jane,,,,,,,,,,,,,,,,,,,,,,Individual,AKA,Test,"
	         "01/01/2018,01/01/2018,1,EXTRA\n", HEADER, ROW);
	write_and_expect(buf, "30 fields, expected 29", 4);
	/* A short row. */
	snprintf(buf, sizeof buf, "%s%sDOE,Jane,,,Individual\n", HEADER, ROW);
	write_and_expect(buf, "5 fields, expected 29", 4);
	/* A row without its Group ID. */
	snprintf(buf, sizeof buf, "%sDOE,John,,,,,,,,,,,,,,,,,,,,,,Individual,AKA,Test,,,\n",
	         HEADER);
	write_and_expect(buf, "empty Group ID", 3);
}

static void test_lists_uk__empty_and_headless_files_are_errors(void **state)
{
	(void)state;
	/* An empty file: nothing to detect, and the parser itself refuses it too. */
	write_and_expect("", "uk_bad.csv", 0);
	lk_list *l = (lk_list *)1;
	assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_UK_CSV, "empty.csv", "", 0, NULL),
	                 LK_EINVALID);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "empty.csv"));
	assert_non_null(strstr(lk_error_last()->message, "empty file"));

	/* A header without the Group ID column. */
	write_and_expect("Last Updated,13/04/2018\nName 6,Name 1,Group Type,Regime\n"
	                 "DOE,John,Individual,Test\n",
	                 "no \"Group ID\" column", 2);
	/* The date line and a header, then nothing. */
	write_and_expect(HEADER, "no rows after the header", 0);
	/* Only the date line. */
	write_and_expect("Last Updated,13/04/2018\n", "no header row", 0);
	/* A quoted field left open at the end. */
	char buf[1024];
	snprintf(buf, sizeof buf, "%s%sDOE,\"Jane", HEADER, ROW);
	write_and_expect(buf, "uk_bad.csv", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_uk__2018_has_2106_entities),
		cmocka_unit_test(test_lists_uk__2014_has_2297_entities),
		cmocka_unit_test(test_lists_uk__rows_per_group_add_up_to_the_file),
		cmocka_unit_test(test_lists_uk__dprk_entries_carry_names_dob_passport),
		cmocka_unit_test(test_lists_uk__samples_2016_and_2020_header_variants),
		cmocka_unit_test(test_lists_uk__2022_layout_ships_quality_and_scripts),
		cmocka_unit_test(test_lists_uk__truncated_file_names_file_and_line),
		cmocka_unit_test(test_lists_uk__wrong_column_counts_are_reported),
		cmocka_unit_test(test_lists_uk__empty_and_headless_files_are_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

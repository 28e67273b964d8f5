/*
 * test_ofac_csv.c - OFAC legacy CSV sets through lk_list_parse(): the real 2024 sdn.csv, the
 * 2019 and 2021 full sets, the 2025 consolidated set, the incomplete 2025 sets; and damaged
 * input (truncation at many offsets, wrong column counts, empty files, orphan rows, Windows-1252
 * bytes). The remarks mini-language is tested clause by clause in test_ofac_remarks.c.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csv.h"

#define SDN_2024 "lists/ofac/sdn-2024-05-03"
#define SDN_2021 "lists/ofac/sdn-2021-07"
#define SDN_2019 "lists/ofac/sdn-2019-01"
#define CONS_2025 "lists/ofac/cons-2025-12-19"
#define PARTIAL_2025_01 "lists/ofac/partial-2025-01"

static lk_list *parse_path(const char *path)
{
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);

	if (rc != 0)
		fail_msg("parse %s: %s", path, lk_error_last()->message);
	return l;
}

static lk_list *parse_rel(const char *rel)
{
	return parse_path(lk_test_data(rel));
}

/* Parse expecting failure; returns the code. */
static int parse_fails(const char *path)
{
	lk_list *l = NULL;
	const char *paths[1] = {path};
	int rc = lk_list_parse(&l, paths, 1, NULL);

	if (rc == 0) {
		lk_list_free(l);
		fail_msg("parse %s succeeded, expected an error", path);
	}
	assert_null(l);
	return rc;
}

static const lk_entity *entity(const lk_list *l, const char *ent_num)
{
	const lk_entity *e = lk_list_find_native(l, ent_num);

	if (!e)
		fail_msg("no entity with ent_num %s", ent_num);
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

static bool has_warning(const lk_list *l, const char *needle)
{
	for (size_t i = 0; i < l->nwarnings; i++)
		if (strstr(l->warnings[i], needle))
			return true;
	return false;
}

static void assert_error_mentions(const char *needle)
{
	const char *m = lk_error_last()->message;

	if (!strstr(m, needle))
		fail_msg("error \"%s\" does not mention \"%s\"", m, needle);
}

/* Whitespace collapsed and trimmed, as lk_entity_add stores values. */
static void collapse(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	bool space = false;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && n + 2 < cap; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			space = true;
			continue;
		}
		if (space && n > 0)
			out[n++] = ' ';
		space = false;
		out[n++] = *s;
	}
	out[n] = '\0';
}

static bool is_null(const char *v)
{
	char b[16];

	collapse(v, b, sizeof b);
	return b[0] == '\0' || strcmp(b, "-0-") == 0;
}

/* Number of records (rows) of a CSV file. */
static size_t count_rows(const char *path)
{
	FILE *f = fopen(path, "rb");
	lk_csv *c;
	size_t n = 0;
	int rc;

	assert_non_null(f);
	c = lk_csv_new(f, path, ',', LK_CSV_AUTO);
	assert_non_null(c);
	while ((rc = lk_csv_next(c)) > 0)
		n++;
	assert_int_equal(rc, 0);
	lk_csv_free(c);
	fclose(f);
	return n;
}

static char *tmp_with(const char *name, const char *data, size_t len)
{
	char *dir = lk_test_tmpdir();
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	lk_test_write_file(path, data, len);
	return dir;
}

static void add_file(const char *dir, const char *name, const char *data)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	lk_test_write_file(path, data, strlen(data));
}

static void copy_into(const char *dir, const char *rel_src, const char *name, size_t len)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	lk_test_copy_prefix(lk_test_data(rel_src), path, len);
}

/* ---- the 2024 sdn.csv, a lone primary file ---- */

static int setup_2024(void **state)
{
	*state = parse_rel(SDN_2024);
	return 0;
}

static int teardown_list(void **state)
{
	lk_list_free(*state);
	return 0;
}

static void test_lists_ofac_csv__2024_counts(void **state)
{
	lk_list *l = *state;
	size_t c[LK_SCHEMA__COUNT] = {0};

	lk_list_count_schemas(l, c);
	assert_int_equal(l->format, LK_FORMAT_OFAC_CSV);
	assert_string_equal(l->source, "ofac_sdn");
	assert_int_equal(l->count, 14965);
	assert_int_equal(c[LK_SCHEMA_PERSON], 6854);
	assert_int_equal(c[LK_SCHEMA_VESSEL], 851);
	assert_int_equal(c[LK_SCHEMA_AIRPLANE], 376);
	assert_int_equal(c[LK_SCHEMA_ORGANIZATION], 14965 - 6854 - 851 - 376);
	assert_int_equal(l->count, count_rows(lk_test_data(SDN_2024 "/sdn.csv")));
}

static void test_lists_ofac_csv__lone_primary_warns_aliases_and_addresses_absent(void **state)
{
	lk_list *l = *state;

	assert_true(has_warning(l, "alt.csv"));
	assert_true(has_warning(l, "add.csv"));
	assert_true(has_warning(l, "aliases and addresses are absent"));
	/* 18 remarks reach OFAC's 1,000-character cut and their sdn_comments.csv is absent. */
	assert_true(has_warning(l, "18 records have remarks cut at 1000 characters"));
}

static void test_lists_ofac_csv__2024_putin(void **state)
{
	const lk_entity *e = entity(*state, "35096");
	const char *o;

	assert_string_equal(e->id, "ofac-35096");
	assert_int_equal(e->schema, LK_SCHEMA_PERSON);
	assert_string_equal(e->caption, "PUTIN, Vladimir Vladimirovich");
	assert_has(e, LK_PROP_LAST_NAME, "PUTIN");
	assert_has(e, LK_PROP_FIRST_NAME, "Vladimir Vladimirovich");
	assert_has(e, LK_PROP_BIRTH_DATE, "1952-10-07");
	assert_int_equal(lk_entity_count(e, LK_PROP_BIRTH_DATE), 1);
	assert_non_null(lk_country_code("Russia"));
	assert_has(e, LK_PROP_NATIONALITY, lk_country_code("Russia"));
	assert_has(e, LK_PROP_PROGRAM, "RUSSIA-EO14024");
	assert_has(e, LK_PROP_BIRTH_PLACE, "Leningrad, Russia");
	assert_has(e, LK_PROP_GENDER, "male");
	assert_has(e, LK_PROP_POSITION, "President of the Russian Federation");
	/* The remarks repeat the Title column: no duplicate note. */
	assert_int_equal(lk_entity_count(e, LK_PROP_NOTES), 0);
	o = origin_of(e, LK_PROP_BIRTH_DATE, "1952-10-07");
	assert_non_null(o);
	assert_true(strncmp(o, "sdn.csv:", 8) == 0);
	assert_non_null(strstr(o, "DOB"));
}

static const lk_entity *by_name(const lk_list *l, lk_schema s, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->entities[i]->schema == s && lk_entity_has(l->entities[i], LK_PROP_NAME, name))
			return l->entities[i];
	fail_msg("no %s named %s", lk_schema_name(s), name);
	return NULL;
}

static void test_lists_ofac_csv__2024_vessel_graceful(void **state)
{
	const lk_entity *e = by_name(*state, LK_SCHEMA_VESSEL, "GRACEFUL");

	assert_string_equal(e->native_id, "37444");
	assert_has(e, LK_PROP_IMO_NUMBER, "1011551");
	assert_true(lk_imo_valid(lk_entity_first(e, LK_PROP_IMO_NUMBER)));
	/* The vessel columns: call sign, type, gross tonnage, flag. */
	assert_has(e, LK_PROP_CALL_SIGN, "UBGV8");
	assert_has(e, LK_PROP_VESSEL_TYPE, "Yacht");
	assert_has(e, LK_PROP_GROSS_TONNAGE, "2685");
	assert_has(e, LK_PROP_FLAG, lk_country_code("Russia"));
	assert_has(e, LK_PROP_LINKED_TO, "PUTIN, Vladimir Vladimirovich");
	assert_has(e, LK_PROP_PROGRAM, "RUSSIA-EO14024");
}

static void test_lists_ofac_csv__2024_vessel_imo_numbers(void **state)
{
	lk_list *l = *state;
	size_t with_imo = 0, invalid = 0;

	for (size_t i = 0; i < l->count; i++) {
		const lk_entity *e = l->entities[i];
		if (e->schema != LK_SCHEMA_VESSEL || !lk_entity_count(e, LK_PROP_IMO_NUMBER))
			continue;
		with_imo++;
		for (size_t j = 0; j < e->nvalues; j++)
			if (e->values[j].prop == LK_PROP_IMO_NUMBER) {
				assert_int_equal(strlen(e->values[j].value), 7);
				if (!lk_imo_valid(e->values[j].value))
					invalid++;
			}
	}
	/* 842 vessels write "IMO 1234567", 2 more "IMO  1234567" (two spaces) and 2 a bare
	 * seven-digit number; 3 carry a national register number instead (not an IMO). Every
	 * vessel's number validates (the companies' IMO numbers are another series). */
	assert_int_equal(with_imo, 846);
	assert_int_equal(invalid, 0);
	assert_has(by_name(l, LK_SCHEMA_VESSEL, "SHELLEST"), LK_PROP_REGISTRATION_NUMBER,
	           "RS 150443");
}

static void test_lists_ofac_csv__2024_programs_split(void **state)
{
	lk_list *l = *state;
	const lk_entity *e = entity(l, "4632");
	size_t dprk = 0, ru = 0;

	/* "IRAN] [SDGT] [IRGC] [IFSR": four programs. */
	assert_int_equal(lk_entity_count(e, LK_PROP_PROGRAM), 4);
	assert_has(e, LK_PROP_PROGRAM, "IRAN");
	assert_has(e, LK_PROP_PROGRAM, "SDGT");
	assert_has(e, LK_PROP_PROGRAM, "IRGC");
	assert_has(e, LK_PROP_PROGRAM, "IFSR");
	for (size_t i = 0; i < l->count; i++) {
		bool d = false;
		for (size_t j = 0; j < l->entities[i]->nvalues; j++) {
			const lk_value *v = &l->entities[i]->values[j];
			assert_true(v->prop != LK_PROP_PROGRAM || !strpbrk(v->value, "[]"));
			if (v->prop == LK_PROP_PROGRAM && strncmp(v->value, "DPRK", 4) == 0)
				d = true;
		}
		dprk += d;
		ru += lk_entity_has(l->entities[i], LK_PROP_PROGRAM, "RUSSIA-EO14024");
	}
	/* The data README's counts. */
	assert_int_equal(dprk, 484);
	assert_int_equal(ru, 4439);
}

static void test_lists_ofac_csv__2024_remarks_fields(void **state)
{
	lk_list *l = *state;
	const lk_entity *e = entity(l, "2686"); /* NASRALLAH, Hasan */

	/* "DOB 31 Aug 1960; alt. DOB 31 Aug 1953; ..." */
	assert_has(e, LK_PROP_BIRTH_DATE, "1960-08-31");
	assert_has(e, LK_PROP_BIRTH_DATE, "1953-08-31");
	assert_has(e, LK_PROP_POSITION, "Secretary General of Hizballah");
	/* Remarks a.k.a. are OFAC's weak aliases ("BNC" for Banco Nacional de Cuba). */
	assert_has(entity(l, "306"), LK_PROP_WEAK_ALIAS, "BNC");
	/* Tax and registration numbers of organisations give their jurisdiction. */
	e = entity(l, "16806"); /* OOO VOLGA GROUP */
	assert_has(e, LK_PROP_TAX_NUMBER, "7718989383");
	assert_has(e, LK_PROP_REGISTRATION_NUMBER, "1147746803049");
	assert_has(e, LK_PROP_JURISDICTION, lk_country_code("Russia"));
	assert_string_equal(origin_of(e, LK_PROP_TAX_NUMBER, "7718989383") +
	                    strcspn(origin_of(e, LK_PROP_TAX_NUMBER, "7718989383"), " "),
	                    " Tax ID No (Russia)");
	assert_has(e, LK_PROP_PROGRAM, "UKRAINE-EO13661");
	assert_has(e, LK_PROP_PROGRAM, "RUSSIA-EO14024");
}

/* ---- full sets ---- */

/* Every row of alt.csv / add.csv lands on the entity of its ent_num. */
static void assert_rows_attached(const lk_list *l, const char *rel, bool alias)
{
	const char *path = lk_test_data(rel);
	FILE *f = fopen(path, "rb");
	lk_csv *c;
	size_t rows = 0;
	char want[4096];

	assert_non_null(f);
	c = lk_csv_new(f, path, ',', LK_CSV_AUTO);
	assert_non_null(c);
	while (lk_csv_next(c) > 0) {
		const lk_entity *e;

		rows++;
		assert_int_equal(lk_csv_nfields(c), alias ? 5 : 6);
		e = lk_list_find_native(l, lk_csv_field(c, 0));
		if (!e)
			fail_msg("%s: line %ld: ent_num %s not attached", rel, lk_csv_line(c),
			         lk_csv_field(c, 0));
		if (alias) {
			lk_prop p = strcmp(lk_csv_field(c, 2), "fka") == 0 ? LK_PROP_PREVIOUS_NAME
			                                                   : LK_PROP_ALIAS;
			collapse(lk_csv_field(c, 3), want, sizeof want);
			assert_has(e, p, want);
		} else {
			char part[1024];
			want[0] = '\0';
			for (size_t i = 2; i <= 4; i++) {
				if (is_null(lk_csv_field(c, i)))
					continue;
				collapse(lk_csv_field(c, i), part, sizeof part);
				if (want[0])
					strcat(want, ", ");
				strcat(want, part);
			}
			if (want[0])
				assert_has(e, LK_PROP_ADDRESS, want);
		}
	}
	lk_csv_free(c);
	fclose(f);
	assert_true(rows > 500);
}

static void test_lists_ofac_csv__2021_set_attaches_aliases_and_addresses(void **state)
{
	lk_list *l = parse_rel(SDN_2021);
	const lk_entity *e;

	(void)state;
	assert_int_equal(l->count, 8976);
	assert_int_equal(l->count, count_rows(lk_test_data(SDN_2021 "/sdn.csv")));
	assert_false(has_warning(l, "aliases"));
	assert_false(has_warning(l, "ent_nums that"));

	e = entity(l, "306");
	assert_has(e, LK_PROP_ALIAS, "NATIONAL BANK OF CUBA");
	assert_has(e, LK_PROP_WEAK_ALIAS, "BNC");
	assert_has(entity(l, "36"), LK_PROP_ALIAS, "AERO-CARIBBEAN");
	e = entity(l, "4307");
	assert_has(e, LK_PROP_PREVIOUS_NAME, "CORTEZ, Oliverio Abril");
	assert_has(e, LK_PROP_ALIAS, "ABRIL CORTES, Oliverio");
	assert_has(e, LK_PROP_LAST_NAME, "ABRIL CORTES");
	assert_has(e, LK_PROP_ADDRESS, "Calle 18A No. 8A-20, Jamundi, Colombia");
	assert_has(e, LK_PROP_COUNTRY, lk_country_code("Colombia"));
	assert_has(e, LK_PROP_PASSPORT_NUMBER, "AF368431");
	assert_true(strncmp(origin_of(e, LK_PROP_ALIAS, "ABRIL CORTES, Oliverio"), "alt.csv:", 8)
	            == 0);
	assert_true(strncmp(origin_of(e, LK_PROP_ADDRESS, "Calle 18A No. 8A-20, Jamundi, "
	                              "Colombia"), "add.csv:", 8) == 0);
	assert_has(entity(l, "2686"), LK_PROP_ALIAS, "NASRALLAH, Hasan Abd-al-Karim");

	assert_rows_attached(l, SDN_2021 "/alt.csv", true);
	assert_rows_attached(l, SDN_2021 "/add.csv", false);
	lk_list_free(l);
}

static void test_lists_ofac_csv__2019_set(void **state)
{
	lk_list *l = parse_rel(SDN_2019);

	(void)state;
	assert_int_equal(l->count, 7379);
	assert_int_equal(l->count, count_rows(lk_test_data(SDN_2019 "/sdn.csv")));
	/* This archived copy lost its CRLFs, its final line end and its Ctrl-Z: it still
	 * imports whole, and says the end marker is missing. */
	assert_true(has_warning(l, "no end-of-file marker"));
	assert_rows_attached(l, SDN_2019 "/alt.csv", true);
	assert_rows_attached(l, SDN_2019 "/add.csv", false);
	lk_list_free(l);
}

static void test_lists_ofac_csv__cons_2025_joins_comments(void **state)
{
	lk_list *l = parse_rel(CONS_2025);
	const lk_entity *e;

	(void)state;
	assert_int_equal(l->count, 442);
	assert_string_equal(l->source, "ofac_cons");
	assert_int_equal(l->nwarnings, 0);
	/* cons_prim.csv cuts 17014's remarks at "Registration Numbe"; cons_comments.csv goes on
	 * with "r 1027700342890 (Russia); ...; a.k.a. 'RUSAG'." */
	e = entity(l, "17014");
	assert_has(e, LK_PROP_REGISTRATION_NUMBER, "1027700342890");
	assert_has(e, LK_PROP_WEAK_ALIAS, "RUSAG");
	assert_has(e, LK_PROP_ALIAS, "ROSSELKHOZBANK");
	assert_has(e, LK_PROP_SWIFT_BIC, "RUAGRUMM");
	for (size_t i = 0; i < e->nvalues; i++)
		assert_null(strstr(e->values[i].value, "Registration Numbe "));
	assert_rows_attached(l, CONS_2025 "/cons_alt.csv", true);
	assert_rows_attached(l, CONS_2025 "/cons_add.csv", false);
	lk_list_free(l);
}

/* ---- incomplete sets ---- */

static void test_lists_ofac_csv__missing_sdn_file_is_reported(void **state)
{
	(void)state;
	assert_int_equal(parse_fails(lk_test_data(PARTIAL_2025_01)), LK_EINCOMPLETE);
	assert_int_equal(lk_error_last()->code, LK_EINCOMPLETE);
	assert_error_mentions("sdn.csv");
	assert_error_mentions("partial-2025-01");
	assert_int_equal(parse_fails(lk_test_data("lists/ofac/partial-2025-12")), LK_EINCOMPLETE);
}

static void test_lists_ofac_csv__missing_cons_prim_file_is_reported(void **state)
{
	char *dir = lk_test_tmpdir();

	(void)state;
	copy_into(dir, CONS_2025 "/cons_alt.csv", "cons_alt.csv", (size_t)-1);
	copy_into(dir, CONS_2025 "/cons_add.csv", "cons_add.csv", (size_t)-1);
	assert_int_equal(parse_fails(dir), LK_EINCOMPLETE);
	assert_error_mentions("cons_prim.csv");
	lk_test_rmtree(dir);
	free(dir);
}

static void test_lists_ofac_csv__orphan_rows_are_counted_in_a_warning(void **state)
{
	char *dir = lk_test_tmpdir();
	lk_list *l;

	(void)state;
	add_file(dir, "sdn.csv", "1,\"ONE, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,"
	                         "-0- ,-0- ,-0- ,\"DOB 1960.\"\r\n\x1a");
	add_file(dir, "alt.csv", "1,10,\"aka\",\"UNO, Persona\",-0- \r\n"
	                         "2,11,\"aka\",\"NOBODY\",-0- \r\n"
	                         "3,12,\"fka\",\"NOBODY ELSE\",-0- \r\n\x1a");
	add_file(dir, "add.csv", "1,20,\"Main St 1\",\"Town\",\"Malta\",-0- \r\n\x1a");
	add_file(dir, "sdn_comments.csv", "9,\"; a.k.a. 'NINE'.\"\r\n\x1a");
	l = parse_path(dir);
	assert_int_equal(l->count, 1);
	assert_has(entity(l, "1"), LK_PROP_ALIAS, "UNO, Persona");
	assert_has(entity(l, "1"), LK_PROP_ADDRESS, "Main St 1, Town, Malta");
	assert_has(entity(l, "1"), LK_PROP_BIRTH_DATE, "1960");
	assert_true(has_warning(l, "alt.csv: 2 rows for ent_nums that sdn.csv does not have"));
	assert_false(has_warning(l, "add.csv: "));
	assert_true(has_warning(l, "sdn_comments.csv: 1 row for ent_nums that sdn.csv does not"));
	lk_list_free(l);
	lk_test_rmtree(dir);
	free(dir);
}

/* ---- bad input ---- */

static void test_lists_ofac_csv__wrong_column_count_names_file_and_line(void **state)
{
	static const char data[] =
		"1,\"A\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
		"2,\"B\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a";
	lk_list *l = NULL;
	char *dir;

	(void)state;
	assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", data,
	                                      sizeof data - 1, NULL), LK_EINVALID);
	assert_null(l);
	assert_error_mentions("ofac_csv: sdn.csv: line 2: 13 fields, expected 12");
	assert_int_equal(lk_error_last()->line, 2);

	/* In a set, the alias file's columns are checked too. */
	dir = lk_test_tmpdir();
	copy_into(dir, SDN_2021 "/sdn.csv", "sdn.csv", (size_t)-1);
	add_file(dir, "alt.csv", "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"
	                         "36,13,\"aka\",\"AERO\",-0- ,extra\r\n\x1a");
	assert_int_equal(parse_fails(dir), LK_EINVALID);
	assert_error_mentions("alt.csv: line 2: 6 fields, expected 5");
	lk_test_rmtree(dir);
	free(dir);
}

static void test_lists_ofac_csv__empty_input_is_an_error(void **state)
{
	lk_list *l = NULL;
	char *dir;

	(void)state;
	assert_true(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", "", 0, NULL) < 0);
	assert_null(l);
	assert_true(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", "\x1a", 1, NULL) < 0);
	assert_null(l);
	dir = tmp_with("sdn.csv", "", 0);
	parse_fails(dir);
	assert_error_mentions("sdn.csv");
	lk_test_rmtree(dir);
	free(dir);
}

static void test_lists_ofac_csv__truncation_is_never_silent(void **state)
{
	const char *src = lk_test_data(CONS_2025 "/cons_prim.csv");
	struct stat st;
	size_t errors = 0;

	(void)state;
	assert_int_equal(stat(src, &st), 0);
	/* Cuts all over the file, including inside quoted remarks and inside "-0- ". */
	for (int k = 1; k <= 40; k++) {
		size_t cut = (size_t)((double)st.st_size * k / 41.0) + (size_t)(k * 7);
		char *dir = lk_test_tmpdir();
		char path[4096];
		lk_list *l = NULL;
		const char *paths[1] = {dir};
		int rc;

		snprintf(path, sizeof path, "%s/cons_prim.csv", dir);
		lk_test_copy_prefix(src, path, cut);
		rc = lk_list_parse(&l, paths, 1, NULL);
		if (rc < 0) {
			/* A clear error naming the file and its line. */
			errors++;
			assert_null(l);
			assert_true(rc == LK_ETRUNCATED || rc == LK_EINVALID);
			assert_error_mentions("cons_prim.csv");
			assert_true(lk_error_last()->line > 0);
		} else {
			/* A cut that happens to leave whole lines: fewer entities, and a warning. */
			assert_true(l->count < 442);
			assert_true(has_warning(l, "may be truncated"));
			lk_list_free(l);
		}
		lk_test_rmtree(dir);
		free(dir);
	}
	assert_true(errors >= 35);

	/* Specific cuts: inside a quoted field, inside the last "-0- ", after a comma. */
	{
		static const char row[] =
			"1,\"A\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960\"\r\n"
			"2,\"B\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1961\"\r\n\x1a";
		lk_list *l = NULL;
		size_t second = (size_t)(strchr(row, '\n') - row + 1);
		size_t comma = (size_t)(strstr(row + second, ",\"DOB") - row + 1);

		assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", row,
		                                      sizeof row - 5, NULL), LK_ETRUNCATED);
		assert_error_mentions("sdn.csv: line 2");
		/* The row ends after the comma before the remarks: the remarks are lost. */
		assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", row,
		                                      comma, NULL), LK_ETRUNCATED);
		/* Cut inside the row: too few fields. */
		assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", row,
		                                      second + 10, NULL), LK_EINVALID);
		assert_error_mentions("fields, expected 12");
		assert_null(l);
	}
}

static void test_lists_ofac_csv__comments_continuation_is_bounded(void **state)
{
	char *dir = lk_test_tmpdir();
	char path[4096];
	char row[1100];
	FILE *f;

	(void)state;
	add_file(dir, "sdn.csv", "1,\"A\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a");
	snprintf(path, sizeof path, "%s/sdn_comments.csv", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	memset(row, 'x', sizeof row);
	/* 1,100 rows of 1,000 bytes continuing the remarks of one ent_num: over 1 MiB. */
	for (int i = 0; i < 1100; i++)
		fprintf(f, "1,\"%.*s\"\r\n", 1000, row);
	fputc(0x1a, f);
	fclose(f);
	assert_int_equal(parse_fails(dir), LK_ETOOBIG);
	assert_error_mentions("sdn_comments.csv");
	assert_error_mentions("ent_num 1");
	lk_test_rmtree(dir);
	free(dir);
}

static void test_lists_ofac_csv__windows_1252_is_decoded(void **state)
{
	static const char data[] =
		"1,\"JOS\xc9 P\xc9REZ, Mar\xed" "a\",\"individual\",\"SDNT\",-0- ,-0- ,-0- ,-0- ,-0- ,"
		"-0- ,-0- ,\"a.k.a. 'Caf\xe9 \x93X\x94'.\"\r\n\x1a";
	lk_list *l = NULL;
	const lk_entity *e;

	(void)state;
	assert_int_equal(lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", data,
	                                      sizeof data - 1, NULL), 0);
	e = entity(l, "1");
	assert_has(e, LK_PROP_NAME, "JOS\xc3\x89 P\xc3\x89REZ, Mar\xc3\xad" "a");
	assert_has(e, LK_PROP_WEAK_ALIAS, "Caf\xc3\xa9 \xe2\x80\x9cX\xe2\x80\x9d");
	assert_int_equal(l->nwarnings, 1); /* the lone primary */
	lk_list_free(l);
}

int main(void)
{
	const struct CMUnitTest tests_2024[] = {
		cmocka_unit_test(test_lists_ofac_csv__2024_counts),
		cmocka_unit_test(test_lists_ofac_csv__lone_primary_warns_aliases_and_addresses_absent),
		cmocka_unit_test(test_lists_ofac_csv__2024_putin),
		cmocka_unit_test(test_lists_ofac_csv__2024_vessel_graceful),
		cmocka_unit_test(test_lists_ofac_csv__2024_vessel_imo_numbers),
		cmocka_unit_test(test_lists_ofac_csv__2024_programs_split),
		cmocka_unit_test(test_lists_ofac_csv__2024_remarks_fields),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_ofac_csv__2021_set_attaches_aliases_and_addresses),
		cmocka_unit_test(test_lists_ofac_csv__2019_set),
		cmocka_unit_test(test_lists_ofac_csv__cons_2025_joins_comments),
		cmocka_unit_test(test_lists_ofac_csv__missing_sdn_file_is_reported),
		cmocka_unit_test(test_lists_ofac_csv__missing_cons_prim_file_is_reported),
		cmocka_unit_test(test_lists_ofac_csv__orphan_rows_are_counted_in_a_warning),
		cmocka_unit_test(test_lists_ofac_csv__wrong_column_count_names_file_and_line),
		cmocka_unit_test(test_lists_ofac_csv__empty_input_is_an_error),
		cmocka_unit_test(test_lists_ofac_csv__truncation_is_never_silent),
		cmocka_unit_test(test_lists_ofac_csv__comments_continuation_is_bounded),
		cmocka_unit_test(test_lists_ofac_csv__windows_1252_is_decoded),
	};
	int rc = cmocka_run_group_tests_name("ofac_csv_2024", tests_2024, setup_2024,
	                                     teardown_list);

	return rc | cmocka_run_group_tests_name("ofac_csv", tests, NULL, NULL);
}

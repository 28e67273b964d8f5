/*
 * test_csv_reader.c - the public CSV reader (lookout/csv.h): opening files, separators,
 * encodings, reading on after a record that is not UTF-8, and its errors.
 */
#include "lk_test.h"
#include "lookout/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *write_tmp(char **dir, const char *name, const char *data, size_t len)
{
	char *path;

	*dir = lk_test_tmpdir();
	path = malloc(strlen(*dir) + strlen(name) + 2);
	assert_non_null(path);
	sprintf(path, "%s/%s", *dir, name);
	lk_test_write_file(path, data, len);
	return path;
}

static void test_core_csv_reader__reads_a_file_with_quotes_and_lines(void **state)
{
	const char data[] = "\xEF\xBB\xBFname,dob\r\n\"PUTIN, Vladimir\",1952-10-07\r\n"
	                    "\"two\nlines\",\r\n";
	lk_csv_reader *r = NULL;
	size_t len = 0;
	char *dir;
	char *path = write_tmp(&dir, "in.csv", data, sizeof(data) - 1);

	(void)state;
	assert_int_equal(lk_csv_reader_open(&r, path, NULL), 0);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_int_equal(lk_csv_reader_nfields(r), 2);
	assert_string_equal(lk_csv_reader_field(r, 0, &len), "name"); /* BOM skipped */
	assert_int_equal(len, 4);
	assert_int_equal(lk_csv_reader_line(r), 1);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_string_equal(lk_csv_reader_field(r, 0, NULL), "PUTIN, Vladimir");
	assert_true(lk_csv_reader_quoted(r, 0));
	assert_false(lk_csv_reader_quoted(r, 1));
	assert_int_equal(lk_csv_reader_line(r), 2);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_string_equal(lk_csv_reader_field(r, 0, NULL), "two\nlines");
	assert_string_equal(lk_csv_reader_field(r, 1, &len), "");
	assert_int_equal(len, 0);
	assert_string_equal(lk_csv_reader_field(r, 7, NULL), ""); /* out of range */
	assert_int_equal(lk_csv_reader_line(r), 3);
	assert_int_equal(lk_csv_reader_next(r), 0);
	assert_int_equal(lk_csv_reader_consumed(r), sizeof(data) - 1);
	lk_csv_reader_free(r);
	lk_test_rmtree(dir);
	free(dir);
	free(path);
}

static void test_core_csv_reader__missing_file_is_an_io_error_naming_it(void **state)
{
	lk_csv_reader *r = (lk_csv_reader *)1;

	(void)state;
	assert_int_equal(lk_csv_reader_open(&r, "/nonexistent/in.csv", NULL), LK_EIO);
	assert_null(r);
	assert_non_null(strstr(lk_error_last()->message, "/nonexistent/in.csv"));
	lk_csv_reader_free(NULL);
}

static void test_core_csv_reader__utf8_mode_reports_a_bad_record_and_reads_on(void **state)
{
	const char data[] = "a;b\nok;\xC3\xA9\nbad;\xFF\xFE\nnext;x\n";
	lk_csv_reader_options o = LK_CSV_READER_OPTIONS_INIT;
	lk_csv_reader *r = NULL;
	FILE *f = fmemopen((void *)data, sizeof(data) - 1, "rb");

	(void)state;
	assert_non_null(f);
	o.separator = ';';
	assert_int_equal(lk_csv_reader_new(&r, f, "<mem>", &o), 0);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_string_equal(lk_csv_reader_field(r, 1, NULL), "\xC3\xA9");
	assert_int_equal(lk_csv_reader_next(r), LK_EENCODING);
	assert_non_null(strstr(lk_error_last()->message, "<mem>"));
	assert_non_null(strstr(lk_error_last()->message, "line 3"));
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_string_equal(lk_csv_reader_field(r, 0, NULL), "next");
	assert_int_equal(lk_csv_reader_line(r), 4);
	assert_int_equal(lk_csv_reader_next(r), 0);
	lk_csv_reader_free(r);
	fclose(f); /* not the reader's */
}

static void test_core_csv_reader__auto_mode_reads_windows_1252(void **state)
{
	const char data[] = "Sch\xF6nefeld\n";
	lk_csv_reader_options o = LK_CSV_READER_OPTIONS_INIT;
	lk_csv_reader *r = NULL;
	FILE *f = fmemopen((void *)data, sizeof(data) - 1, "rb");

	(void)state;
	assert_non_null(f);
	o.encoding = LK_CSV_READER_AUTO;
	assert_int_equal(lk_csv_reader_new(&r, f, "<mem>", &o), 0);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_string_equal(lk_csv_reader_field(r, 0, NULL), "Sch\xC3\xB6nefeld");
	lk_csv_reader_free(r);
	fclose(f);
}

static void test_core_csv_reader__unclosed_quote_is_truncation(void **state)
{
	const char data[] = "name\n\"PUTIN, Vlad";
	lk_csv_reader *r = NULL;
	FILE *f = fmemopen((void *)data, sizeof(data) - 1, "rb");

	(void)state;
	assert_non_null(f);
	assert_int_equal(lk_csv_reader_new(&r, f, "cut.csv", NULL), 0);
	assert_int_equal(lk_csv_reader_next(r), 1);
	assert_int_equal(lk_csv_reader_next(r), LK_ETRUNCATED);
	assert_non_null(strstr(lk_error_last()->message, "cut.csv: line 2"));
	lk_csv_reader_free(r);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_csv_reader__reads_a_file_with_quotes_and_lines),
		cmocka_unit_test(test_core_csv_reader__missing_file_is_an_io_error_naming_it),
		cmocka_unit_test(test_core_csv_reader__utf8_mode_reports_a_bad_record_and_reads_on),
		cmocka_unit_test(test_core_csv_reader__auto_mode_reads_windows_1252),
		cmocka_unit_test(test_core_csv_reader__unclosed_quote_is_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

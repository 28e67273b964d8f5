/*
 * test_csv.c - the streaming CSV reader on the quirks of official lists.
 */
#include "lk_test.h"
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lk_csv *open_mem(FILE **f, const char *data, size_t len, char sep, lk_csv_encoding enc)
{
	*f = fmemopen((void *)data, len, "rb");
	assert_non_null(*f);
	lk_csv *c = lk_csv_new(*f, "t.csv", sep, enc);
	assert_non_null(c);
	return c;
}

static void test_core_csv__quotes_newlines_crlf_and_ctrl_z(void **state)
{
	(void)state;
	const char data[] = "1,\"A, B\",-0- \r\n2,\"say \"\"hi\"\"\nthere\",x\r\n\r\n3,,\x1A";
	FILE *f;
	lk_csv *c = open_mem(&f, data, sizeof data - 1, ',', LK_CSV_AUTO);
	assert_int_equal(lk_csv_next(c), 1);
	assert_int_equal(lk_csv_nfields(c), 3);
	assert_string_equal(lk_csv_field(c, 1), "A, B");
	assert_true(lk_csv_field_quoted(c, 1));
	assert_string_equal(lk_csv_field(c, 2), "-0- ");
	assert_int_equal(lk_csv_next(c), 1);
	assert_int_equal(lk_csv_line(c), 2);
	assert_string_equal(lk_csv_field(c, 1), "say \"hi\"\nthere");
	assert_int_equal(lk_csv_next(c), 1); /* the blank line is one empty field */
	assert_int_equal(lk_csv_nfields(c), 1);
	assert_int_equal(lk_csv_line(c), 4);
	assert_int_equal(lk_csv_next(c), 1);
	assert_string_equal(lk_csv_field(c, 0), "3");
	assert_string_equal(lk_csv_field(c, 2), "\x1A"); /* Ctrl-Z inside a record is data */
	assert_int_equal(lk_csv_next(c), 0);
	assert_true(lk_csv_last_unterminated(c));
	lk_csv_free(c);
	fclose(f);

	const char data2[] = "1,a\r\n\x1A";
	c = open_mem(&f, data2, sizeof data2 - 1, ',', LK_CSV_AUTO);
	assert_int_equal(lk_csv_next(c), 1);
	assert_int_equal(lk_csv_next(c), 0);
	assert_true(lk_csv_saw_eof_marker(c));
	lk_csv_free(c);
	fclose(f);
}

static void test_core_csv__unclosed_quote_is_truncation(void **state)
{
	(void)state;
	const char data[] = "1,\"ok\"\n2,\"cut in the mid";
	FILE *f;
	lk_csv *c = open_mem(&f, data, sizeof data - 1, ',', LK_CSV_AUTO);
	assert_int_equal(lk_csv_next(c), 1);
	assert_int_equal(lk_csv_next(c), LK_ETRUNCATED);
	assert_non_null(strstr(lk_error_last()->message, "t.csv: line 2"));
	lk_csv_free(c);
	fclose(f);
}

static void test_core_csv__encodings(void **state)
{
	(void)state;
	const char data[] = "K\xF6ln;Stra\xDF" "e\nK\xC3\xB6ln;x\n";
	FILE *f;
	lk_csv *c = open_mem(&f, data, sizeof data - 1, ';', LK_CSV_AUTO);
	assert_int_equal(lk_csv_next(c), 1);
	assert_true(lk_csv_record_was_cp1252(c));
	assert_string_equal(lk_csv_field(c, 0), "Köln");
	assert_string_equal(lk_csv_field(c, 1), "Straße");
	assert_int_equal(lk_csv_next(c), 1);
	assert_false(lk_csv_record_was_cp1252(c));
	assert_string_equal(lk_csv_field(c, 0), "Köln");
	lk_csv_free(c);
	fclose(f);

	c = open_mem(&f, data, sizeof data - 1, ';', LK_CSV_UTF8);
	assert_int_equal(lk_csv_next(c), LK_EENCODING);
	assert_non_null(strstr(lk_error_last()->message, "line 1"));
	lk_csv_free(c);
	fclose(f);
}

static void test_core_csv__bom_is_skipped_and_fields_are_bounded(void **state)
{
	(void)state;
	const char data[] = "\xEF\xBB\xBFName,Id\n";
	FILE *f;
	lk_csv *c = open_mem(&f, data, sizeof data - 1, ',', LK_CSV_UTF8);
	assert_int_equal(lk_csv_next(c), 1);
	assert_string_equal(lk_csv_field(c, 0), "Name");
	lk_csv_free(c);
	fclose(f);

	size_t n = LK_CSV_MAX_FIELD + 10;
	char *big = malloc(n);
	memset(big, 'x', n);
	c = open_mem(&f, big, n, ',', LK_CSV_AUTO);
	assert_int_equal(lk_csv_next(c), LK_ETOOBIG);
	lk_csv_free(c);
	fclose(f);
	free(big);

	char many[3 * LK_CSV_MAX_FIELDS];
	memset(many, ',', sizeof many);
	c = open_mem(&f, many, sizeof many, ',', LK_CSV_AUTO);
	assert_int_equal(lk_csv_next(c), LK_ETOOBIG);
	lk_csv_free(c);
	fclose(f);
}

static void test_core_csv__reads_every_real_ofac_row(void **state)
{
	(void)state;
	FILE *f = fopen(lk_test_data("lists/ofac/sdn-2024-05-03/sdn.csv"), "rb");
	assert_non_null(f);
	lk_csv *c = lk_csv_new(f, "sdn.csv", ',', LK_CSV_AUTO);
	int rc;
	size_t rows = 0;
	while ((rc = lk_csv_next(c)) == 1) {
		assert_int_equal(lk_csv_nfields(c), 12);
		rows++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 14965);
	assert_true(lk_csv_saw_eof_marker(c));
	lk_csv_free(c);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_csv__quotes_newlines_crlf_and_ctrl_z),
		cmocka_unit_test(test_core_csv__unclosed_quote_is_truncation),
		cmocka_unit_test(test_core_csv__encodings),
		cmocka_unit_test(test_core_csv__bom_is_skipped_and_fields_are_bounded),
		cmocka_unit_test(test_core_csv__reads_every_real_ofac_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
